package dev.claviger.evidence.dcap.internal;

/** Offsets and readers of the 384-byte SGX report body (also the QE report). */
public final class SgxReport {
  public static final int SIZE = 384;
  public static final int CPU_SVN = 0;
  public static final int MISC_SELECT = 16;
  public static final int ISV_EXT_PROD_ID = 32;
  public static final int ATTRIBUTES = 48;
  public static final int MR_ENCLAVE = 64;
  public static final int MR_SIGNER = 128;
  public static final int CONFIG_ID = 192;
  public static final int ISV_PROD_ID = 256;
  public static final int ISV_SVN = 258;
  public static final int CONFIG_SVN = 260;
  public static final int ISV_FAMILY_ID = 304;
  public static final int REPORT_DATA = 320;

  private final byte[] b;

  /** Wraps (copies) a 384-byte report. */
  public SgxReport(byte[] report) {
    if (report.length != SIZE) {
      throw new IllegalArgumentException("SGX report must be 384 bytes");
    }
    this.b = report.clone();
  }

  public byte[] field(int off, int len) {
    return Le.slice(b, off, len);
  }

  public byte[] bytes() {
    return b.clone();
  }

  public byte[] mrSigner() {
    return field(MR_SIGNER, 32);
  }

  public byte[] mrEnclave() {
    return field(MR_ENCLAVE, 32);
  }

  public long miscSelect() {
    return Le.u32(b, MISC_SELECT);
  }

  public byte[] attributes() {
    return field(ATTRIBUTES, 16);
  }

  public int isvProdId() {
    return Le.u16(b, ISV_PROD_ID);
  }

  public int isvSvn() {
    return Le.u16(b, ISV_SVN);
  }

  public byte[] reportData() {
    return field(REPORT_DATA, 64);
  }
}
