package dev.claviger.image.crypt;

import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.ChunkPipeline;
import dev.claviger.image.crypt.internal.DecryptingInputStream;
import dev.claviger.image.crypt.internal.LayerPrimitives;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The ocicrypt layer cipher {@code AES_256_CTR_HMAC_SHA256}: {@code C = AES-256-CTR(key, nonce, P)}
 * with the 16-byte nonce as initial counter block, and {@code hmac = HMAC-SHA256(key, C)} over the
 * whole ciphertext. No header, no padding: ciphertext and plaintext have the same length.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>{@link #decrypt} compares the HMAC (constant time) and the plaintext digest only after the
 *       last byte; on failure everything already written to the output is <b>poison</b> and the
 *       caller must discard it — write to a temporary file and publish it only on success.
 *   <li>{@link #decryptingStream} has the same rule: bytes returned before its final {@code read}
 *       threw {@link LayerIntegrityIOException} are unauthenticated.
 *   <li>Confidentiality relies on a fresh key per layer (CTR with a reused key and nonce leaks the
 *       XOR of plaintexts); {@link PrivateLayerOptions#randomKey} gives one.
 * </ul>
 *
 * <p>Memory is constant (four pairs of 1 MiB buffers); the hashes of a multi-chunk blob run on
 * separate threads. Thread-safe (stateless).
 */
public final class LayerCipher {
  /** Chunk size for the streaming passes. */
  public static final int CHUNK = 1 << 20;

  private LayerCipher() {}

  /** What an encryption pass produced besides the ciphertext. */
  public record Encrypted(byte[] hmac, String plaintextDigest, String ciphertextDigest, long size) {
    public Encrypted {
      hmac = hmac.clone();
    }

    @Override
    public byte[] hmac() {
      return hmac.clone();
    }
  }

  /**
   * Encrypts {@code plaintext} into {@code ciphertext} (neither is closed) and in the same pass
   * computes the HMAC, the plaintext SHA-256 (for {@code privopts.digest}) and the ciphertext
   * SHA-256 (for the new descriptor).
   */
  public static Encrypted encrypt(InputStream plaintext, OutputStream ciphertext, SecretBytes key, byte[] nonce)
      throws ImageCryptException {
    checkKey(key, nonce);
    Cipher ctr = LayerPrimitives.ctr(key, nonce, Cipher.ENCRYPT_MODE);
    Mac mac = LayerPrimitives.hmac(key);
    MessageDigest plainDigest = LayerPrimitives.digest("sha256");
    MessageDigest cipherDigest = LayerPrimitives.digest("sha256");
    long size;
    try {
      size = new ChunkPipeline(CHUNK).run(plaintext,
          (in, out, n) -> LayerPrimitives.update(ctr, in, 0, n, out, 0),
          List.of(
              (in, out, n) -> LayerPrimitives.update(plainDigest, in, 0, n),
              (in, out, n) -> LayerPrimitives.update(mac, out, 0, n),
              (in, out, n) -> {
                LayerPrimitives.update(cipherDigest, out, 0, n);
                LayerPrimitives.write(ciphertext, out, n);
              }));
    } catch (IOException e) {
      throw new ImageCryptException(Reason.IO, "layer encryption I/O failed: " + e.getMessage(), e);
    }
    return new Encrypted(mac.doFinal(), LayerPrimitives.ociDigest("sha256", plainDigest),
        LayerPrimitives.ociDigest("sha256", cipherDigest), size);
  }

  /**
   * Decrypts {@code ciphertext} into {@code plaintext} and then checks, in this order, the HMAC
   * against {@code expectedHmac} ({@link Reason#HMAC_MISMATCH}) and the plaintext digest against
   * {@code expectedDigest} ({@link Reason#DIGEST_MISMATCH}). On any exception the output is poison.
   *
   * @return the number of bytes decrypted
   */
  public static long decrypt(InputStream ciphertext, OutputStream plaintext, SecretBytes key, byte[] nonce,
      byte[] expectedHmac, String expectedDigest) throws ImageCryptException {
    checkKey(key, nonce);
    String algorithm = digestAlgorithm(expectedDigest);
    Cipher ctr = LayerPrimitives.ctr(key, nonce, Cipher.DECRYPT_MODE);
    Mac mac = LayerPrimitives.hmac(key);
    MessageDigest plainDigest = LayerPrimitives.digest(algorithm);
    long size;
    try {
      size = new ChunkPipeline(CHUNK).run(ciphertext,
          (in, out, n) -> LayerPrimitives.update(ctr, in, 0, n, out, 0),
          List.of(
              (in, out, n) -> LayerPrimitives.update(mac, in, 0, n),
              (in, out, n) -> {
                LayerPrimitives.update(plainDigest, out, 0, n);
                LayerPrimitives.write(plaintext, out, n);
              }));
    } catch (IOException e) {
      throw new ImageCryptException(Reason.IO, "layer decryption I/O failed: " + e.getMessage(), e);
    }
    checkHmac(mac.doFinal(), expectedHmac);
    checkDigest(LayerPrimitives.ociDigest(algorithm, plainDigest), expectedDigest);
    return size;
  }

  /**
   * A stream of plaintext that verifies the HMAC and the plaintext digest when it reaches the end
   * of {@code ciphertext}, throwing {@link LayerIntegrityIOException} there on a mismatch. Closing
   * it closes {@code ciphertext}. Single-threaded; for whole-file decryption {@link #decrypt} is
   * faster.
   */
  public static InputStream decryptingStream(InputStream ciphertext, SecretBytes key, byte[] nonce,
      byte[] expectedHmac, String expectedDigest) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    checkKey(key, nonce);
    String algorithm;
    try {
      algorithm = digestAlgorithm(expectedDigest);
    } catch (ImageCryptException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new DecryptingInputStream(ciphertext, LayerPrimitives.ctr(key, nonce, Cipher.DECRYPT_MODE),
        LayerPrimitives.hmac(key), expectedHmac.clone(), LayerPrimitives.digest(algorithm),
        expectedDigest);
  }

  static void checkHmac(byte[] actual, byte[] expected) throws ImageCryptException {
    if (!MessageDigest.isEqual(actual, expected)) {
      throw new ImageCryptException(Reason.HMAC_MISMATCH,
          "HMAC-SHA256 of the encrypted layer does not match pubopts.hmac: the layer was altered");
    }
  }

  static void checkDigest(String actual, String expected) throws ImageCryptException {
    if (!actual.equals(expected)) {
      throw new ImageCryptException(Reason.DIGEST_MISMATCH,
          "decrypted layer is " + actual + " but privopts.digest says " + expected);
    }
  }

  private static String digestAlgorithm(String digest) throws ImageCryptException {
    Objects.requireNonNull(digest, "expectedDigest");
    int colon = digest.indexOf(':');
    String algorithm = colon < 0 ? "" : digest.substring(0, colon);
    if (!algorithm.equals("sha256") && !algorithm.equals("sha384") && !algorithm.equals("sha512")) {
      throw new ImageCryptException(Reason.MALFORMED, "unsupported digest " + digest);
    }
    return algorithm;
  }

  private static void checkKey(SecretBytes key, byte[] nonce) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(nonce, "nonce");
    if (key.length() != PrivateLayerOptions.KEY_LENGTH || nonce.length != PrivateLayerOptions.NONCE_LENGTH) {
      throw new IllegalArgumentException("layer key must be 32 bytes and nonce 16 bytes");
    }
  }
}
