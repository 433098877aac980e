package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Verifies a TPMT_SIGNATURE over the raw TPMS_ATTEST with the AK. */
public final class QuoteSignature {
  /** Below this an RSA AK is not acceptable (TCG and NIST minimum). */
  static final int MIN_RSA_BITS = 2048;

  private QuoteSignature() {}

  /**
   * Checks that {@code sig} over {@code signed} verifies with {@code ak}; the key type must match
   * the scheme and SHA-1 signatures are refused (collisions make a quote forgeable).
   */
  public static void verify(PublicKey ak, TpmtSignature sig, byte[] signed)
      throws TpmRejectedException {
    if (sig.hash() == TpmHashAlg.SHA1) {
      throw reject("SHA-1 quote signatures are not accepted");
    }
    boolean ok = switch (sig.scheme()) {
      case RSASSA -> rsa(ak, sig, signed, false);
      case RSAPSS -> rsa(ak, sig, signed, true);
      case ECDSA -> ecdsa(ak, sig, signed);
    };
    if (!ok) {
      throw reject("quote signature (" + sig.scheme() + "/" + sig.hash().label()
          + ") does not verify with the AK");
    }
  }

  private static boolean rsa(PublicKey ak, TpmtSignature sig, byte[] signed, boolean pss)
      throws TpmRejectedException {
    if (!(ak instanceof RSAPublicKey rsaKey)) {
      throw reject(sig.scheme() + " signature but the AK is not an RSA key");
    }
    int bits = rsaKey.getModulus().bitLength();
    if (bits < MIN_RSA_BITS) {
      throw reject("RSA AK of " + bits + " bits is below " + MIN_RSA_BITS);
    }
    String jca = sig.hash().jcaName();
    try {
      if (!pss) {
        return run(Signature.getInstance(jca.replace("-", "") + "withRSA"), ak, signed, sig.rsa());
      }
      int h = sig.hash().size();
      // TPMs use salt = hash length (Part 1, B.7); older firmware uses the maximum salt.
      for (int salt : new int[] {h, (bits + 7) / 8 - h - 2}) {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(jca, "MGF1", new MGF1ParameterSpec(jca), salt, 1));
        if (run(s, ak, signed, sig.rsa())) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean ecdsa(PublicKey ak, TpmtSignature sig, byte[] signed)
      throws TpmRejectedException {
    if (!(ak instanceof ECPublicKey)) {
      throw reject("ECDSA signature but the AK is not an EC key");
    }
    try {
      Signature s = Signature.getInstance(sig.hash().jcaName().replace("-", "") + "withECDSA");
      return run(s, ak, signed, der(sig.r(), sig.s()));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean run(Signature s, PublicKey key, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    s.initVerify(key);
    s.update(data);
    return s.verify(signature);
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } (short-form lengths suffice up to P-521). */
  static byte[] der(byte[] r, byte[] s) {
    byte[] ri = new BigInteger(1, r).toByteArray();
    byte[] si = new BigInteger(1, s).toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int body = 2 + ri.length + 2 + si.length;
    out.write(0x30);
    if (body > 127) {
      out.write(0x81);
    }
    out.write(body);
    out.write(0x02);
    out.write(ri.length);
    out.writeBytes(ri);
    out.write(0x02);
    out.write(si.length);
    out.writeBytes(si);
    return out.toByteArray();
  }

  private static TpmRejectedException reject(String detail) {
    return new TpmRejectedException(TpmError.SIGNATURE_INVALID, detail);
  }
}
