package dev.claviger.evidence;

import java.util.Optional;

/**
 * TEE types with their upstream wire names (kbs-types serde names), and how each binds report data
 * and init data into its evidence.
 *
 * <p>Binding rules follow Trustee's verifiers: the expected digest is fitted to the TEE's field
 * (zero-padded or truncated) before an exact comparison of the whole field, because that is what
 * upstream attesters put into the hardware report.
 */
public enum Tee {
  SAMPLE("sample", BindingRule.exact(), BindingRule.none()),
  SAMPLE_DEVICE("sampledevice", BindingRule.exact(), BindingRule.none()),
  SNP("snp", BindingRule.fit(64), BindingRule.fit(32)),
  TDX("tdx", BindingRule.fit(64), BindingRule.fit(48)),
  SGX("sgx", BindingRule.fit(64), BindingRule.fit(64)),
  AZ_SNP_VTPM("az-snp-vtpm", BindingRule.exact(), BindingRule.tpmPcr8()),
  AZ_TDX_VTPM("az-tdx-vtpm", BindingRule.exact(), BindingRule.tpmPcr8()),
  TPM("tpm", BindingRule.fit(32), BindingRule.tpmPcr8()),
  CCA("cca", BindingRule.fit(64), BindingRule.exact()),
  CSV("csv", BindingRule.fit(64), BindingRule.none()),
  SE("se", BindingRule.fit(64), BindingRule.none()),
  HYGON_DCU("hygondcu", BindingRule.fit(64), BindingRule.none()),
  NVIDIA("nvidia", BindingRule.fit(32), BindingRule.none()),
  NVIDIA_DPU("nvidia-dpu", BindingRule.exact(), BindingRule.none());

  private final String wireName;
  private final BindingRule reportData;
  private final BindingRule initData;

  Tee(String wireName, BindingRule reportData, BindingRule initData) {
    this.wireName = wireName;
    this.reportData = reportData;
    this.initData = initData;
  }

  /** The name on the wire ({@code "az-snp-vtpm"}, {@code "sample"}, ...). */
  public String wireName() {
    return wireName;
  }

  /** How the expected report data (runtime-data digest) is compared with the evidence field. */
  public BindingRule reportDataRule() {
    return reportData;
  }

  /** How the init-data digest is compared; {@link BindingRule.Kind#NONE} when it cannot be bound. */
  public BindingRule initDataRule() {
    return initData;
  }

  /** The TEE for a wire name (case-sensitive, as upstream's serde), or empty when unknown. */
  public static Optional<Tee> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Tee t : values()) {
      if (t.wireName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
