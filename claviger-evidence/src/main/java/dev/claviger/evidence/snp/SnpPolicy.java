package dev.claviger.evidence.snp;

/**
 * What an SNP verification demands beyond signatures, chain and TCB binding. The default
 * ({@link #strict()}) fails closed; each loosening has a method named for what it allows.
 *
 * @param maxVmpl the highest VMPL accepted (0: only reports requested from VMPL 0, as upstream)
 * @param allowDebug accept guests whose policy allows debugging (bit 19); their memory is readable
 *     by the host, so the default rejects them
 * @param allowMigrationAgent accept guests whose policy allows a migration agent (bit 18)
 * @param requireCrl reject when no AMD CRL for the generation is available
 */
public record SnpPolicy(int maxVmpl, boolean allowDebug, boolean allowMigrationAgent,
    boolean requireCrl) {

  public SnpPolicy {
    if (maxVmpl < 0 || maxVmpl > 3) {
      throw new IllegalArgumentException("maxVmpl must be 0..3");
    }
  }

  /** VMPL 0 only, no debug, no migration agent; CRLs checked when present. */
  public static SnpPolicy strict() {
    return new SnpPolicy(0, false, false, false);
  }

  public SnpPolicy withMaxVmpl(int vmpl) {
    return new SnpPolicy(vmpl, allowDebug, allowMigrationAgent, requireCrl);
  }

  public SnpPolicy allowingDebug() {
    return new SnpPolicy(maxVmpl, true, allowMigrationAgent, requireCrl);
  }

  public SnpPolicy allowingMigrationAgent() {
    return new SnpPolicy(maxVmpl, allowDebug, true, requireCrl);
  }

  public SnpPolicy requiringCrl() {
    return new SnpPolicy(maxVmpl, allowDebug, allowMigrationAgent, true);
  }
}
