package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.TpmCodes;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's public area as the TPM reported it.
 *
 * @param area the marshalled TPMT_PUBLIC
 * @param name the TPM Name (nameAlg ‖ H(area))
 * @param type TPM_ALG_ID of the key type (0x0001 RSA, 0x0023 ECC)
 * @param attributes TPMA_OBJECT
 * @param scheme the key's signing scheme (TPM_ALG_NULL when the caller chooses)
 * @param schemeHash the scheme's hash, or TPM_ALG_NULL
 * @param keyBits RSA modulus size (0 for other types)
 * @param key the JCA public key (present for RSA)
 */
public record TpmPublic(byte[] area, byte[] name, int type, int attributes, int scheme,
    int schemeHash, int keyBits, Optional<PublicKey> key) {

  private static final int AK_REQUIRED = TpmCodes.FIXED_TPM | TpmCodes.FIXED_PARENT
      | TpmCodes.SENSITIVE_DATA_ORIGIN | TpmCodes.RESTRICTED | TpmCodes.SIGN;

  public TpmPublic {
    area = area.clone();
    name = name.clone();
    Objects.requireNonNull(key, "key");
  }

  @Override
  public byte[] area() {
    return area.clone();
  }

  @Override
  public byte[] name() {
    return name.clone();
  }

  /**
   * A restricted signing key that never left this TPM: only such a key refuses to sign data
   * that starts with TPM_GENERATED_VALUE unless the TPM produced it, which is what makes a quote
   * evidence.
   */
  public boolean isAttestationKey() {
    return (attributes & AK_REQUIRED) == AK_REQUIRED && (attributes & TpmCodes.DECRYPT) == 0;
  }

  /** The DER SubjectPublicKeyInfo, as upstream's {@code ak_public}. */
  public Optional<byte[]> spki() {
    return key.map(PublicKey::getEncoded);
  }

  @Override
  public String toString() {
    return "TpmPublic[type=0x" + Integer.toHexString(type) + ", attributes=0x"
        + Integer.toHexString(attributes) + ", keyBits=" + keyBits + "]";
  }
}
