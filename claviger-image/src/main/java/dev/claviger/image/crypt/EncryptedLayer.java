package dev.claviger.image.crypt;

import java.util.Map;
import java.util.Objects;

/**
 * The result of encrypting one layer blob.
 *
 * @param digest digest of the ciphertext (the new descriptor's digest)
 * @param size ciphertext size (= plaintext size)
 * @param plaintextDigest digest of the original blob (kept in the private options)
 * @param annotations the {@code org.opencontainers.image.enc.*} annotations to add
 */
public record EncryptedLayer(String digest, long size, String plaintextDigest, Map<String, String> annotations) {
  public EncryptedLayer {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(plaintextDigest, "plaintextDigest");
    annotations = Map.copyOf(annotations);
  }
}
