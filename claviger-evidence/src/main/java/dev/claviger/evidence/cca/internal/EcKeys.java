package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** EC public keys from the encodings a realm token uses for its RAK. */
public final class EcKeys {
  private EcKeys() {}

  /** A key from an uncompressed SEC 1 point {@code 04 || x || y} on P-256, P-384 or P-521. */
  public static ECPublicKey fromRawPoint(byte[] point) throws CcaRejectedException {
    if (point.length == 0 || point[0] != 0x04) {
      throw invalid("RAK is not an uncompressed EC point");
    }
    int n = (point.length - 1) / 2;
    String curve = curveFor(n);
    if (curve == null || point.length != 1 + 2 * n) {
      throw invalid("RAK point of " + point.length + " bytes fits no supported curve");
    }
    return fromCoordinates(curve, Arrays.copyOfRange(point, 1, 1 + n),
        Arrays.copyOfRange(point, 1 + n, point.length));
  }

  /** A key from a COSE_Key map (RFC 9053 §7.1.1: kty 2 = EC2, crv 1/2/3, x, y). */
  public static ECPublicKey fromCoseKey(Cbor.Item key) throws CcaRejectedException {
    if (!(key instanceof Cbor.MapItem m)) {
      throw invalid("RAK COSE_Key is not a map");
    }
    if (!(m.get(1L).orElse(null) instanceof Cbor.Int kty) || kty.value() != 2) {
      throw invalid("RAK COSE_Key kty is not EC2");
    }
    if (!(m.get(-1L).orElse(null) instanceof Cbor.Int crv)) {
      throw invalid("RAK COSE_Key has no crv");
    }
    String curve = switch ((int) Math.max(Math.min(crv.value(), 4), 0)) {
      case 1 -> "secp256r1";
      case 2 -> "secp384r1";
      case 3 -> "secp521r1";
      default -> throw invalid("RAK COSE_Key curve " + crv.value() + " is not P-256/384/521");
    };
    if (!(m.get(-2L).orElse(null) instanceof Cbor.Bytes x)
        || !(m.get(-3L).orElse(null) instanceof Cbor.Bytes y)) {
      throw invalid("RAK COSE_Key needs byte-string x and y (compressed points unsupported)");
    }
    if (x.value().length != y.value().length || !curve.equals(curveFor(x.value().length))) {
      throw invalid("RAK COSE_Key coordinates have the wrong size for its curve");
    }
    return fromCoordinates(curve, x.value(), y.value());
  }

  private static String curveFor(int coordinateBytes) {
    return switch (coordinateBytes) {
      case 32 -> "secp256r1";
      case 48 -> "secp384r1";
      case 66 -> "secp521r1";
      default -> null;
    };
  }

  private static ECPublicKey fromCoordinates(String curve, byte[] xb, byte[] yb)
      throws CcaRejectedException {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      ECPoint w = new ECPoint(new BigInteger(1, xb), new BigInteger(1, yb));
      if (!onCurve(spec, w)) {
        throw invalid("RAK point is not on " + curve);
      }
      return (ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException e) {
      throw new CcaRejectedException(CcaError.INVALID_RAK, "RAK is not a valid EC key", e);
    }
  }

  // The JDK does not check that an imported point lies on the curve; an off-curve point is the
  // classic invalid-curve input, so it is refused here.
  static boolean onCurve(ECParameterSpec spec, ECPoint w) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger a = spec.getCurve().getA();
    BigInteger rhs = x.pow(3).add(a.multiply(x)).add(spec.getCurve().getB()).mod(p);
    return y.pow(2).mod(p).equals(rhs);
  }

  private static CcaRejectedException invalid(String why) {
    return new CcaRejectedException(CcaError.INVALID_RAK, why);
  }
}
