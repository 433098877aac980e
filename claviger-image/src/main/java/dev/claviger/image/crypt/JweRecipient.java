package dev.claviger.image.crypt;

import dev.claviger.image.crypt.internal.JweAlgorithms;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A JWE recipient: an RSA or EC (P-256/384/521) public key and the key-management algorithm. As in
 * ocicrypt the default is {@code RSA-OAEP} (SHA-1) for RSA and {@code ECDH-ES+A256KW} for EC; a JWK
 * carrying {@code alg} may choose {@code RSA-OAEP-256} or {@code ECDH-ES+A128KW/A192KW}.
 */
public record JweRecipient(PublicKey key, String algorithm) implements LayerRecipient {
  public JweRecipient {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
  }

  /** With ocicrypt's default algorithm for the key type. */
  public static JweRecipient of(PublicKey key) throws ImageCryptException {
    return checked(key, JweAlgorithms.defaultFor(key));
  }

  /** With an explicit algorithm; it must fit the key type. */
  public static JweRecipient checked(PublicKey key, String algorithm) throws ImageCryptException {
    JweAlgorithms.check(algorithm, key);
    return new JweRecipient(key, algorithm);
  }
}
