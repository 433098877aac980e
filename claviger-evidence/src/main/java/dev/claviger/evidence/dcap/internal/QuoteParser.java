package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import java.util.Arrays;

/**
 * Bounded parser for DCAP ECDSA quotes v3 (SGX), v4 (SGX / TDX 1.0) and v5 (body descriptor),
 * following {@code sgx_quote_3.h}, {@code sgx_quote_4.h}, {@code sgx_quote_5.h}. Every length is
 * checked before it is used; bytes after the declared signature data are ignored, as Intel's
 * library does, because quotes are often delivered in fixed-size buffers.
 */
public final class QuoteParser {
  /** Upper bound on the input we look at at all; real quotes are about 5 KB. */
  public static final int MAX_QUOTE_BYTES = 1 << 20;
  static final int MAX_CERT_DATA = 64 * 1024;
  private static final int ATT_KEY_ECDSA_P256 = 2;
  private static final int CERT_PCK_CHAIN = 5;
  private static final int CERT_QE_REPORT = 6;
  private static final byte[] INTEL_QE_VENDOR = {
      (byte) 0x93, (byte) 0x9a, 0x72, 0x33, (byte) 0xf7, (byte) 0x9c, 0x4c, (byte) 0xa9,
      (byte) 0x94, 0x0a, 0x0d, (byte) 0xb3, (byte) 0x95, 0x7f, 0x06, 0x07};

  private QuoteParser() {}

  /** Parses {@code in}; never throws anything but {@link DcapRejectedException}. */
  public static Quote parse(byte[] in) throws DcapRejectedException {
    if (in == null || in.length < Quote.HEADER_SIZE) {
      throw malformed("shorter than the 48-byte header");
    }
    if (in.length > MAX_QUOTE_BYTES) {
      throw malformed("larger than " + MAX_QUOTE_BYTES + " bytes");
    }
    int version = Le.u16(in, 0);
    if (version < 3 || version > 5) {
      throw unsupported("quote version " + version);
    }
    int keyType = Le.u16(in, 2);
    if (keyType != ATT_KEY_ECDSA_P256) {
      throw unsupported("attestation key type " + keyType + " (only ECDSA-P256 = 2)");
    }
    int teeType = version == 3 ? Quote.TEE_SGX : (int) Le.u32(in, 4);
    if (teeType != Quote.TEE_SGX && teeType != Quote.TEE_TDX) {
      throw unsupported("TEE type 0x" + Long.toHexString(teeType));
    }
    if (!Arrays.equals(in, 12, 28, INTEL_QE_VENDOR, 0, 16)) {
      throw unsupported("QE vendor is not Intel");
    }
    int bodyOffset = Quote.HEADER_SIZE;
    Quote.BodyType body;
    if (version == 5) {
      body = v5Body(in, teeType);
      bodyOffset += 6;
    } else {
      body = teeType == Quote.TEE_TDX ? Quote.BodyType.TD10 : Quote.BodyType.SGX;
    }
    int signedLength = bodyOffset + body.size;
    need(in, signedLength + 4, "report body and signature length");
    long sigLen = Le.u32(in, signedLength);
    long end = signedLength + 4L + sigLen;
    if (end > in.length) {
      throw malformed("signature data length " + sigLen + " exceeds the " + in.length + " bytes given");
    }
    byte[] raw = Arrays.copyOf(in, (int) end);
    int sigOffset = signedLength + 4;
    QeCertData qe = version == 3
        ? parseV3SigData(raw, sigOffset, (int) end)
        : parseV4SigData(raw, sigOffset, (int) end);
    return new Quote(raw, version, teeType, body, bodyOffset, signedLength, sigOffset, qe);
  }

  private static Quote.BodyType v5Body(byte[] in, int teeType) throws DcapRejectedException {
    need(in, Quote.HEADER_SIZE + 6, "v5 body descriptor");
    int type = Le.u16(in, Quote.HEADER_SIZE);
    long size = Le.u32(in, Quote.HEADER_SIZE + 2);
    Quote.BodyType body = switch (type) {
      case 1 -> Quote.BodyType.SGX;
      case 2 -> Quote.BodyType.TD10;
      case 3 -> Quote.BodyType.TD15;
      default -> throw unsupported("v5 body type " + type);
    };
    if (size != body.size) {
      throw malformed("v5 body size " + size + " for type " + type + " (expected " + body.size + ")");
    }
    if ((body == Quote.BodyType.SGX) != (teeType == Quote.TEE_SGX)) {
      throw malformed("v5 body type " + type + " does not fit TEE type 0x" + Integer.toHexString(teeType));
    }
    return body;
  }

  /** v3: sig | key | QE report | QE sig | auth | certification data (type 5). */
  private static QeCertData parseV3SigData(byte[] b, int off, int end) throws DcapRejectedException {
    int p = off + 128;
    return parseQeSection(b, p, end, "v3 signature data");
  }

  /** v4/v5: sig | key | certification data type 6 { QE report section }. */
  private static QeCertData parseV4SigData(byte[] b, int off, int end) throws DcapRejectedException {
    int p = off + 128;
    within(p + 6, end, "outer certification data header");
    int type = Le.u16(b, p);
    long size = Le.u32(b, p + 2);
    if (type != CERT_QE_REPORT) {
      throw unsupported("outer certification data type " + type + " (expected 6)");
    }
    if (p + 6 + size != end) {
      throw malformed("outer certification data size " + size + " does not fill the signature data");
    }
    return parseQeSection(b, p + 6, end, "QE report certification data");
  }

  /** QE report | QE sig | auth (u16 len) | cert type 5 | size u32 | PEM; must fill up to end. */
  private static QeCertData parseQeSection(byte[] b, int p, int end, String what)
      throws DcapRejectedException {
    within(p + SgxReport.SIZE + 64 + 2, end, what);
    SgxReport qeReport = new SgxReport(Le.slice(b, p, SgxReport.SIZE));
    byte[] qeSig = Le.slice(b, p + SgxReport.SIZE, 64);
    p += SgxReport.SIZE + 64;
    int authLen = Le.u16(b, p);
    p += 2;
    within(p + authLen + 6, end, "QE authentication data");
    byte[] auth = Le.slice(b, p, authLen);
    p += authLen;
    int type = Le.u16(b, p);
    long size = Le.u32(b, p + 2);
    p += 6;
    if (type != CERT_PCK_CHAIN) {
      throw unsupported("certification data type " + type + " (only 5 = PCK chain)");
    }
    if (size > MAX_CERT_DATA) {
      throw malformed("certification data of " + size + " bytes");
    }
    if (p + size != end) {
      throw malformed("certification data size " + size + " does not fill the signature data");
    }
    return new QeCertData(qeReport, qeSig, auth, Le.slice(b, p, (int) size));
  }

  private static void need(byte[] b, long n, String what) throws DcapRejectedException {
    if (b.length < n) {
      throw malformed("truncated before the end of the " + what);
    }
  }

  private static void within(long n, int end, String what) throws DcapRejectedException {
    if (n > end) {
      throw malformed("truncated " + what);
    }
  }

  private static DcapRejectedException malformed(String detail) {
    return new DcapRejectedException(DcapError.MALFORMED_QUOTE, detail);
  }

  private static DcapRejectedException unsupported(String detail) {
    return new DcapRejectedException(DcapError.UNSUPPORTED_QUOTE, detail);
  }
}
