package dev.claviger.agent.cdh.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import dev.claviger.agent.cdh.CdhException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.text.ParseException;

/** P-256 JWK handling for sealed-secret keys (upstream accepts only P-256, as does this). */
public final class EcKeys {
  /** A JWK is well under 1 KiB; anything far larger is not a key. */
  public static final int MAX_JWK_BYTES = 16 * 1024;

  private static final ECParameterSpec P256 = Curve.P_256.toECParameterSpec();

  private EcKeys() {}

  /** The public part of a P-256 JWK (a private JWK is accepted; only x and y are used). */
  public static ECPublicKey publicFromJwk(byte[] json) throws CdhException {
    try {
      return parse(json).toECPublicKey();
    } catch (JOSEException e) {
      throw bad("verification key is not a valid P-256 public key", e);
    }
  }

  /** The private key of a P-256 JWK with {@code d}. */
  public static ECPrivateKey privateFromJwk(byte[] json) throws CdhException {
    com.nimbusds.jose.jwk.ECKey jwk = parse(json);
    if (!jwk.isPrivate()) {
      throw bad("signing JWK has no private part 'd'", null);
    }
    try {
      return jwk.toECPrivateKey();
    } catch (JOSEException e) {
      throw bad("signing JWK is not a valid P-256 private key", e);
    }
  }

  /** Rejects keys on any curve but P-256. */
  public static void requireP256(ECKey key) throws CdhException {
    ECParameterSpec p = key.getParams();
    if (p == null
        || !p.getOrder().equals(P256.getOrder())
        || !p.getCurve().equals(P256.getCurve())
        || !p.getGenerator().equals(P256.getGenerator())) {
      throw bad("key must be on curve P-256", null);
    }
  }

  private static com.nimbusds.jose.jwk.ECKey parse(byte[] json) throws CdhException {
    if (json.length > MAX_JWK_BYTES) {
      throw bad("JWK is " + json.length + " bytes, limit " + MAX_JWK_BYTES, null);
    }
    JWK jwk;
    try {
      jwk = JWK.parse(new String(json, StandardCharsets.UTF_8));
    } catch (ParseException | IllegalArgumentException e) {
      // Nimbus rejects off-curve points here with IllegalArgumentException.
      throw bad("key is not a valid JWK: " + e.getMessage(), e);
    }
    if (!(jwk instanceof com.nimbusds.jose.jwk.ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw bad("key must be a P-256 EC JWK", null);
    }
    return ec;
  }

  private static CdhException bad(String message, Throwable cause) {
    return new CdhException(CdhException.Kind.VERIFICATION_FAILED, message, cause);
  }
}
