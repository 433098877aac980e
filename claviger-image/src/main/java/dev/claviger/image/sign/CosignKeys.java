package dev.claviger.image.sign;

import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.internal.CosignEncryptedKey;
import dev.claviger.image.sign.internal.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cosign key files. Public keys are PEM {@code PUBLIC KEY} (SPKI): ECDSA (cosign's default,
 * P-256), RSA or Ed25519. Private keys are PEM {@code PRIVATE KEY} (unencrypted PKCS#8, Claviger's
 * format) or cosign's {@code ENCRYPTED COSIGN PRIVATE KEY} / {@code ENCRYPTED SIGSTORE PRIVATE KEY}
 * (scrypt + NaCl secretbox around PKCS#8).
 */
public final class CosignKeys {
  /** Largest key file we read. */
  public static final int MAX_KEY_BYTES = 64 * 1024;
  private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519");

  private CosignKeys() {}

  /** Parses a PEM SPKI public key. */
  public static PublicKey parsePublicKey(byte[] pem) throws SignatureException {
    byte[] der = Pem.decode(bounded(pem), "PUBLIC KEY");
    for (String alg : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException notThisAlgorithm) {
        // try the next algorithm
      }
    }
    throw new SignatureException(Kind.CONFIGURATION, "public key is not ECDSA, RSA or Ed25519");
  }

  /**
   * Parses a private key: unencrypted PKCS#8 PEM, or a cosign-encrypted PEM with its password.
   *
   * @param password used only for cosign-encrypted keys; not retained
   */
  public static PrivateKey parsePrivateKey(byte[] pem, char[] password) throws SignatureException {
    Objects.requireNonNull(password, "password");
    String type = Pem.type(bounded(pem));
    byte[] pkcs8;
    if (type.equals("PRIVATE KEY")) {
      pkcs8 = Pem.decode(pem, "PRIVATE KEY");
    } else if (type.equals("ENCRYPTED COSIGN PRIVATE KEY")
        || type.equals("ENCRYPTED SIGSTORE PRIVATE KEY")) {
      pkcs8 = CosignEncryptedKey.decrypt(Pem.decode(pem, type), password);
    } else {
      throw new SignatureException(Kind.CONFIGURATION, "unsupported private key PEM type " + type);
    }
    try {
      for (String alg : ALGORITHMS) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException notThisAlgorithm) {
          // try the next algorithm
        }
      }
      throw new SignatureException(Kind.CONFIGURATION, "private key is not ECDSA, RSA or Ed25519");
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** PEM {@code PRIVATE KEY} (PKCS#8) text for a key. */
  public static String toPkcs8Pem(PrivateKey key) {
    byte[] der = key.getEncoded();
    try {
      return Pem.encode("PRIVATE KEY", der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** PEM {@code PUBLIC KEY} (SPKI) text for a key. */
  public static String toPublicPem(PublicKey key) {
    return Pem.encode("PUBLIC KEY", key.getEncoded());
  }

  private static byte[] bounded(byte[] pem) throws SignatureException {
    Objects.requireNonNull(pem, "pem");
    if (pem.length > MAX_KEY_BYTES) {
      throw new SignatureException(Kind.CONFIGURATION, "key file larger than " + MAX_KEY_BYTES);
    }
    return pem;
  }
}
