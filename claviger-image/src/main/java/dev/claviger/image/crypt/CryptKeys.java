package dev.claviger.image.crypt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.PemKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads ocicrypt key files. Private keys: PKCS#8, PKCS#1 (RSA) and SEC1 (EC), PEM or DER, legacy
 * or PKCS#8 encrypted PEM with a password, or a private JWK. Public keys: SPKI PEM/DER, an X.509
 * certificate (PEM/DER), or a JWK (whose {@code alg}, if any, picks the JWE algorithm). Inputs are
 * bounded to {@link #MAX_KEY_FILE} bytes.
 */
public final class CryptKeys {
  public static final int MAX_KEY_FILE = 256 * 1024;

  private CryptKeys() {}

  /** A private key; {@code password} is used only for encrypted PEM. */
  public static PrivateKey privateKey(byte[] bytes, Optional<char[]> password) throws ImageCryptException {
    check(bytes);
    if (looksLikeJson(bytes)) {
      AsymmetricJWK jwk = jwk(bytes);
      try {
        PrivateKey key = jwk.toPrivateKey();
        if (key == null) {
          throw malformed("the JWK has no private part");
        }
        return key;
      } catch (JOSEException e) {
        throw malformed("JWK private key: " + e.getMessage());
      }
    }
    return PemKeys.privateKey(bytes, Objects.requireNonNull(password, "password"));
  }

  /** A JWE recipient from a public key file; a JWK's {@code alg} overrides the default algorithm. */
  public static JweRecipient recipient(byte[] bytes) throws ImageCryptException {
    check(bytes);
    if (looksLikeJson(bytes)) {
      AsymmetricJWK jwk = jwk(bytes);
      try {
        PublicKey key = jwk.toPublicKey();
        JWK parsed = (JWK) jwk;
        return parsed.getAlgorithm() == null ? JweRecipient.of(key)
            : JweRecipient.checked(key, parsed.getAlgorithm().getName());
      } catch (JOSEException e) {
        throw malformed("JWK public key: " + e.getMessage());
      }
    }
    return JweRecipient.of(PemKeys.publicKey(bytes));
  }

  private static AsymmetricJWK jwk(byte[] bytes) throws ImageCryptException {
    try {
      JWK jwk = JWK.parse(new String(bytes, StandardCharsets.UTF_8));
      if (!(jwk instanceof AsymmetricJWK asymmetric)) {
        throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM, "only RSA and EC JWKs are supported");
      }
      return asymmetric;
    } catch (ParseException e) {
      throw malformed("not a JWK: " + e.getMessage());
    }
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  private static void check(byte[] bytes) throws ImageCryptException {
    if (Objects.requireNonNull(bytes, "bytes").length == 0 || bytes.length > MAX_KEY_FILE) {
      throw malformed("key file must be 1.." + MAX_KEY_FILE + " bytes");
    }
  }

  private static ImageCryptException malformed(String message) {
    return new ImageCryptException(Reason.MALFORMED, message);
  }
}
