package dev.claviger.evidence.snp.internal;

import dev.claviger.evidence.snp.SnpReport;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The report signature: ECDSA P-384 over SHA-384 of bytes [0, 0x2A0), with r and s stored as
 * 72-byte little-endian integers at 0x2A0 and 0x2E8. Converted to the DER form the JCA expects.
 */
public final class ReportSignature {
  private ReportSignature() {}

  /** True when the signature verifies; false for a bad or non-canonical signature. */
  public static boolean verify(PublicKey vek, SnpReport report) {
    byte[] bytes = report.bytes();
    byte[] der = der(littleEndian(bytes, 0x2A0), littleEndian(bytes, 0x2E8));
    try {
      Signature s = Signature.getInstance("SHA384withECDSA");
      s.initVerify(vek);
      s.update(bytes, 0, SnpReport.SIGNED_LENGTH);
      return s.verify(der);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static BigInteger littleEndian(byte[] b, int off) {
    byte[] be = new byte[72];
    for (int i = 0; i < 72; i++) {
      be[i] = b[off + 71 - i];
    }
    return new BigInteger(1, be);
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream(rb.length + sb.length + 8);
    integer(body, rb);
    integer(body, sb);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 4);
    out.write(0x30);
    length(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void integer(ByteArrayOutputStream out, byte[] twosComplement) {
    out.write(0x02);
    length(out, twosComplement.length);
    out.writeBytes(twosComplement);
  }

  private static void length(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else {
      out.write(0x81);
      out.write(len);
    }
  }
}
