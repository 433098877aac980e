package dev.claviger.agent.attester;

/**
 * An attester that can bind an init-data digest to its platform (upstream's
 * {@code Attester::bind_init_data}): TDX compares MRCONFIGID, SNP compares HOST_DATA. (The TPM
 * attester extends PCR 8 with its own method; {@link InitDataBinding#check} covers all three.)
 */
public interface InitDataBinder {

  /**
   * Binds or checks {@code digest} (the init-data TOML's hash, 32 to 64 bytes).
   *
   * @throws InitDataBindingException {@code MISMATCH} when the platform carries another value,
   *     {@code PLATFORM} when the platform value cannot be read or extended
   */
  void bindInitData(byte[] digest) throws InitDataBindingException;
}
