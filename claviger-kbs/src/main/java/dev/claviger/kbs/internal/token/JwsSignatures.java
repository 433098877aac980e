package dev.claviger.kbs.internal.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * JWS signature checks for the asymmetric algorithms the KBS accepts. The key always comes from
 * our trust configuration (or a header key we endorsed), never chosen by {@code alg} alone;
 * {@code none} and HMAC are never accepted. EdDSA goes through the JCA because Nimbus's Ed25519
 * support needs Tink, which is not a project dependency.
 */
public final class JwsSignatures {
  /** Asymmetric JWS algorithms accepted anywhere in the KBS. */
  public static final Set<JWSAlgorithm> ACCEPTED =
      Set.of(
          JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
          JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
          JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
          JWSAlgorithm.EdDSA);

  /** Ed25519 SubjectPublicKeyInfo prefix (RFC 8410) for raw 32-byte keys from an OKP JWK. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private JwsSignatures() {}

  /** True only when {@code key} verifies the signature under the header's (accepted) algorithm. */
  public static boolean verify(SignedJWT jwt, PublicKey key) {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ACCEPTED.contains(alg)) {
      return false;
    }
    try {
      if (alg.equals(JWSAlgorithm.EdDSA)) {
        return key instanceof EdECPublicKey && verifyEd25519(jwt, key);
      }
      if (key instanceof ECPublicKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
        return jwt.verify(new ECDSAVerifier(ec));
      }
      if (key instanceof RSAPublicKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
        return jwt.verify(new RSASSAVerifier(rsa));
      }
      return false;
    } catch (JOSEException | GeneralSecurityException | IllegalStateException e) {
      return false;
    }
  }

  private static boolean verifyEd25519(SignedJWT jwt, PublicKey key) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(key);
    s.update(jwt.getSigningInput());
    return s.verify(jwt.getSignature().decode());
  }

  /** The public key of a JWK (EC, RSA, or OKP Ed25519). */
  public static PublicKey publicKey(JWK jwk) throws GeneralSecurityException {
    try {
      if (jwk instanceof ECKey ec) {
        return ec.toECPublicKey();
      }
      if (jwk instanceof RSAKey rsa) {
        return rsa.toRSAPublicKey();
      }
      if (jwk instanceof OctetKeyPair okp && "Ed25519".equals(okp.getCurve().getName())) {
        return ed25519(okp.getX().decode());
      }
    } catch (JOSEException e) {
      throw new GeneralSecurityException("bad JWK: " + e.getMessage(), e);
    }
    throw new GeneralSecurityException("unsupported JWK type " + jwk.getKeyType());
  }

  public static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("Ed25519 key must be 32 bytes");
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  /** Signs an EdDSA JWT (header {@code {"alg":"EdDSA","typ":"JWT"}}) with the JCA. */
  public static String signEd25519(java.security.PrivateKey key, String claimsJson) throws GeneralSecurityException {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(s.sign());
  }
}
