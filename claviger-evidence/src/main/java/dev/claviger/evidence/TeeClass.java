package dev.claviger.evidence;

/**
 * Device class of a set of claims. The Attestation Service picks the appraisal policy
 * {@code <policyId>_<class>} and names the EAR submodule {@code <class><n>}.
 */
public enum TeeClass {
  CPU("cpu"),
  GPU("gpu"),
  SWITCH("switch"),
  PPCIE("ppcie"),
  DCU("dcu"),
  NVIDIA_DPU("nvidia-dpu");

  private final String wireName;

  TeeClass(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
