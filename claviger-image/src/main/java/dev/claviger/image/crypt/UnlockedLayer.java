package dev.claviger.image.crypt;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A layer whose key was recovered: the private options (secret, closed with this object) and the
 * public options (HMAC). Decryption always checks the HMAC and {@code privopts.digest}.
 */
public final class UnlockedLayer implements AutoCloseable {
  private final PrivateLayerOptions privateOptions;
  private final PublicLayerOptions publicOptions;

  UnlockedLayer(PrivateLayerOptions privateOptions, PublicLayerOptions publicOptions) {
    this.privateOptions = Objects.requireNonNull(privateOptions, "privateOptions");
    this.publicOptions = Objects.requireNonNull(publicOptions, "publicOptions");
  }

  /** Digest of the plaintext blob, from the private options (the original descriptor's digest). */
  public String plaintextDigest() {
    return privateOptions.digest();
  }

  /** See {@link LayerCipher#decrypt}: on exception the output is poison. */
  public long decrypt(InputStream ciphertext, OutputStream plaintext) throws ImageCryptException {
    return LayerCipher.decrypt(ciphertext, plaintext, privateOptions.symkey(), privateOptions.nonce(),
        publicOptions.hmac(), privateOptions.digest());
  }

  /** See {@link LayerCipher#decryptingStream}: verifies at end of stream. */
  public InputStream decryptingStream(InputStream ciphertext) {
    return LayerCipher.decryptingStream(ciphertext, privateOptions.symkey(), privateOptions.nonce(),
        publicOptions.hmac(), privateOptions.digest());
  }

  @Override
  public void close() {
    privateOptions.close();
  }

  @Override
  public String toString() {
    return "UnlockedLayer[" + privateOptions.digest() + "]";
  }
}
