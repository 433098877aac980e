package dev.claviger.evidence.dcap.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/** ECDSA P-256 / SHA-256 over raw (x||y keys, r||s signatures) Intel encodings, via JCA. */
public final class Ecdsa {
  private static final ECParameterSpec P256 = p256();

  private Ecdsa() {}

  /** The P-256 public key for a raw 64-byte x||y; throws if the point is not on the curve. */
  public static PublicKey p256Key(byte[] xy) throws GeneralSecurityException {
    if (xy.length != 64) {
      throw new GeneralSecurityException("P-256 key must be 64 bytes");
    }
    ECPoint w = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(xy, 0, 32)),
        new BigInteger(1, java.util.Arrays.copyOfRange(xy, 32, 64)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
  }

  /** Verifies a raw 64-byte r||s SHA256withECDSA signature over {@code data[0, len)}. */
  public static boolean verify(PublicKey key, byte[] data, int len, byte[] rs) {
    if (rs.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(data, 0, len);
      return s.verify(toDer(rs));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } for a raw r||s of two equal halves. */
  public static byte[] toDer(byte[] rs) {
    int half = rs.length / 2;
    byte[] r = derInt(rs, 0, half);
    byte[] s = derInt(rs, half, half);
    int len = r.length + s.length;
    byte[] out = new byte[len + (len < 128 ? 2 : 3)];
    int p = 0;
    out[p++] = 0x30;
    if (len >= 128) {
      out[p++] = (byte) 0x81;
    }
    out[p++] = (byte) len;
    System.arraycopy(r, 0, out, p, r.length);
    System.arraycopy(s, 0, out, p + r.length, s.length);
    return out;
  }

  private static byte[] derInt(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end - 1 && b[i] == 0) {
      i++;
    }
    boolean pad = (b[i] & 0x80) != 0;
    int n = end - i + (pad ? 1 : 0);
    byte[] out = new byte[n + 2];
    out[0] = 0x02;
    out[1] = (byte) n;
    System.arraycopy(b, i, out, 2 + (pad ? 1 : 0), end - i);
    return out;
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 unavailable", e);
    }
  }
}
