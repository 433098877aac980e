package dev.claviger.evidence.dcap.internal;

/** Offsets in the TD report body (1.0: 584 bytes; 1.5 adds two fields, 648 bytes). */
public final class TdReport {
  public static final int TEE_TCB_SVN = 0;
  public static final int MR_SEAM = 16;
  public static final int MR_SIGNER_SEAM = 64;
  public static final int SEAM_ATTRIBUTES = 112;
  public static final int TD_ATTRIBUTES = 120;
  public static final int XFAM = 128;
  public static final int MR_TD = 136;
  public static final int MR_CONFIG_ID = 184;
  public static final int MR_OWNER = 232;
  public static final int MR_OWNER_CONFIG = 280;
  public static final int RTMR0 = 328;
  public static final int REPORT_DATA = 520;
  public static final int TEE_TCB_SVN2 = 584;
  public static final int MR_SERVICETD = 600;

  private TdReport() {}
}
