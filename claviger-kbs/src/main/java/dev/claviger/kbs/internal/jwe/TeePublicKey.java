package dev.claviger.kbs.internal.jwe;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The key a TEE bound into its evidence ({@code runtime-data.tee-pubkey}), in the kbs-types
 * {@code TeePubKey} JSON shape. Parsing validates everything the JWE step relies on, so an
 * instance is always usable: EC points are on the curve with fixed-length coordinates (invalid
 * curve attacks), RSA moduli are at least 2048 bits.
 */
public sealed interface TeePublicKey permits TeePublicKey.Rsa, TeePublicKey.Ec {

  /** The JWE key-management algorithm the TEE asked for. */
  KeyAlgorithm alg();

  /** RSA key for {@code RSA1_5} or {@code RSA-OAEP-256}. */
  record Rsa(KeyAlgorithm alg, RSAPublicKey key) implements TeePublicKey {}

  /** EC key for {@code ECDH-ES+A256KW}. */
  record Ec(KeyAlgorithm alg, EcCurve curve, ECPublicKey key) implements TeePublicKey {}

  int MIN_RSA_BITS = 2048;
  int MAX_RSA_BITS = 16384;

  /** Parses and validates a {@code tee-pubkey} JSON object. */
  static TeePublicKey parse(JsonNode jwk) throws InvalidTeeKeyException {
    if (jwk == null || !jwk.isObject()) {
      throw new InvalidTeeKeyException("tee-pubkey must be a JSON object");
    }
    String kty = text(jwk, "kty");
    KeyAlgorithm alg = KeyAlgorithm.fromJose(text(jwk, "alg"));
    return switch (kty) {
      case "RSA" -> parseRsa(jwk, alg);
      case "EC" -> parseEc(jwk, alg);
      default -> throw new InvalidTeeKeyException("unsupported tee-pubkey kty '" + limit(kty) + "'");
    };
  }

  private static Rsa parseRsa(JsonNode jwk, KeyAlgorithm alg) throws InvalidTeeKeyException {
    if (alg != KeyAlgorithm.RSA1_5 && alg != KeyAlgorithm.RSA_OAEP_256) {
      throw new InvalidTeeKeyException("alg " + alg.jose() + " needs an EC key");
    }
    BigInteger n = new BigInteger(1, b64url(jwk, "n", MAX_RSA_BITS / 8 + 1));
    BigInteger e = new BigInteger(1, b64url(jwk, "e", 8));
    if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
      throw new InvalidTeeKeyException("RSA modulus must be 2048..16384 bits, got " + n.bitLength());
    }
    if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
      throw new InvalidTeeKeyException("RSA exponent must be odd and >= 3");
    }
    try {
      RSAPublicKey key =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      return new Rsa(alg, key);
    } catch (GeneralSecurityException ex) {
      throw new InvalidTeeKeyException("RSA key rejected: " + ex.getMessage());
    }
  }

  private static Ec parseEc(JsonNode jwk, KeyAlgorithm alg) throws InvalidTeeKeyException {
    if (alg != KeyAlgorithm.ECDH_ES_A256KW) {
      throw new InvalidTeeKeyException("alg " + alg.jose() + " needs an RSA key");
    }
    EcCurve curve = EcCurve.fromJose(text(jwk, "crv"));
    byte[] x = b64url(jwk, "x", curve.coordinateBytes());
    byte[] y = b64url(jwk, "y", curve.coordinateBytes());
    if (x.length != curve.coordinateBytes() || y.length != curve.coordinateBytes()) {
      throw new InvalidTeeKeyException(
          curve.jose() + " coordinates must be " + curve.coordinateBytes() + " bytes");
    }
    try {
      ECParameterSpec params = curve.parameters();
      ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
      requireOnCurve(params.getCurve(), point);
      ECPublicKey key =
          (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
      return new Ec(alg, curve, key);
    } catch (GeneralSecurityException ex) {
      throw new InvalidTeeKeyException("EC key rejected: " + ex.getMessage());
    }
  }

  /** The JCA does not check this; an off-curve point would leak the ephemeral ECDH secret. */
  private static void requireOnCurve(EllipticCurve c, ECPoint p) throws InvalidTeeKeyException {
    BigInteger prime = ((ECFieldFp) c.getField()).getP();
    BigInteger x = p.getAffineX();
    BigInteger y = p.getAffineY();
    if (x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0) {
      throw new InvalidTeeKeyException("EC coordinate out of range");
    }
    BigInteger lhs = y.multiply(y).mod(prime);
    BigInteger rhs = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(prime);
    if (!lhs.equals(rhs)) {
      throw new InvalidTeeKeyException("EC point is not on the curve");
    }
  }

  /** Named curves a TEE key may use, as kbs-types and upstream's JWE code support. */
  enum EcCurve {
    P256("P-256", "secp256r1", 32),
    P521("P-521", "secp521r1", 66);

    private final String jose;
    private final String jcaName;
    private final int coordinateBytes;

    EcCurve(String jose, String jcaName, int coordinateBytes) {
      this.jose = jose;
      this.jcaName = jcaName;
      this.coordinateBytes = coordinateBytes;
    }

    public String jose() {
      return jose;
    }

    public int coordinateBytes() {
      return coordinateBytes;
    }

    public ECParameterSpec parameters() throws GeneralSecurityException {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(jcaName));
      return p.getParameterSpec(ECParameterSpec.class);
    }

    static EcCurve fromJose(String crv) throws InvalidTeeKeyException {
      for (EcCurve c : values()) {
        if (c.jose.equals(crv)) {
          return c;
        }
      }
      throw new InvalidTeeKeyException("unsupported curve '" + limit(crv) + "' (P-256, P-521)");
    }
  }

  private static String text(JsonNode jwk, String field) throws InvalidTeeKeyException {
    JsonNode n = jwk.get(field);
    if (n == null || !n.isTextual()) {
      throw new InvalidTeeKeyException("tee-pubkey lacks string member '" + field + "'");
    }
    return n.textValue();
  }

  private static byte[] b64url(JsonNode jwk, String field, int maxBytes) throws InvalidTeeKeyException {
    String s = text(jwk, field);
    if (s.length() > (maxBytes * 4 + 2) / 3 + 1) {
      throw new InvalidTeeKeyException("tee-pubkey member '" + field + "' is too long");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidTeeKeyException("tee-pubkey member '" + field + "' is not base64url");
    }
  }

  private static String limit(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
