package dev.claviger.evidence.dcap.internal;

import java.util.Arrays;

/**
 * A parsed DCAP ECDSA-P256 quote (v3, v4 or v5). Holds the quote bytes up to the end of its
 * signature data (trailing bytes dropped) and offsets into them; accessors return copies.
 */
public final class Quote {
  /** Quote body kinds (v5 body descriptor type values). */
  public enum BodyType {
    SGX(1, 384), TD10(2, 584), TD15(3, 648);

    final int code;
    final int size;

    BodyType(int code, int size) {
      this.code = code;
      this.size = size;
    }

    public int code() {
      return code;
    }

    public int size() {
      return size;
    }
  }

  public static final int HEADER_SIZE = 48;
  public static final int TEE_SGX = 0x00;
  public static final int TEE_TDX = 0x81;

  private final byte[] raw;
  private final int version;
  private final int teeType;
  private final BodyType bodyType;
  private final int bodyOffset;
  private final int signedLength;
  private final QeCertData qe;
  private final int sigOffset;

  Quote(byte[] raw, int version, int teeType, BodyType bodyType, int bodyOffset, int signedLength,
      int sigOffset, QeCertData qe) {
    this.raw = raw;
    this.version = version;
    this.teeType = teeType;
    this.bodyType = bodyType;
    this.bodyOffset = bodyOffset;
    this.signedLength = signedLength;
    this.sigOffset = sigOffset;
    this.qe = qe;
  }

  public int version() {
    return version;
  }

  public int teeType() {
    return teeType;
  }

  public boolean isTdx() {
    return teeType == TEE_TDX;
  }

  public BodyType bodyType() {
    return bodyType;
  }

  /** The 48-byte header as received. */
  public byte[] header() {
    return Le.slice(raw, 0, HEADER_SIZE);
  }

  /** Header bytes {@code [off, off+len)}. */
  public byte[] headerField(int off, int len) {
    return Le.slice(raw, off, len);
  }

  public byte[] qeVendorId() {
    return Le.slice(raw, 12, 16);
  }

  /** The report body (SGX report or TD report) as received. */
  public byte[] body() {
    return Le.slice(raw, bodyOffset, bodyType.size);
  }

  /** Body bytes {@code [off, off+len)} relative to the body start. */
  public byte[] bodyField(int off, int len) {
    if (off < 0 || len < 0 || off + len > bodyType.size) {
      throw new IndexOutOfBoundsException("body field " + off + "+" + len);
    }
    return Le.slice(raw, bodyOffset + off, len);
  }

  /** The v5 body descriptor (type u16 + size u32, 6 bytes) or an empty array before v5. */
  public byte[] bodyDescriptor() {
    return version == 5 ? Le.slice(raw, HEADER_SIZE, 6) : new byte[0];
  }

  /** Length of the region the attestation key signs: header (+ descriptor) + body. */
  public int signedLength() {
    return signedLength;
  }

  /** Copies the signed region into a fresh array. */
  public byte[] signedRegion() {
    return Le.slice(raw, 0, signedLength);
  }

  /** Raw r||s of the quote signature. */
  public byte[] signature() {
    return Le.slice(raw, sigOffset, 64);
  }

  /** Attestation public key, raw x||y. */
  public byte[] attestationKey() {
    return Le.slice(raw, sigOffset + 64, 64);
  }

  public QeCertData qe() {
    return qe;
  }

  /** The quote bytes without trailing padding. */
  public byte[] bytes() {
    return raw.clone();
  }

  /** Report data (64 bytes) of the body. */
  public byte[] reportData() {
    return bodyField(bodyType == BodyType.SGX ? SgxReport.REPORT_DATA : TdReport.REPORT_DATA, 64);
  }

  @Override
  public String toString() {
    return "Quote[v" + version + ", tee=0x" + Integer.toHexString(teeType) + ", body=" + bodyType
        + ", " + raw.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quote q && Arrays.equals(raw, q.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }
}
