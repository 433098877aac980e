package dev.claviger.core;

import java.util.Objects;

/** One-shot message digests. */
public final class Digests {
  private Digests() {}

  public static byte[] sha256(byte[] data) {
    return digest(HashAlgorithm.SHA256, data);
  }

  public static byte[] sha384(byte[] data) {
    return digest(HashAlgorithm.SHA384, data);
  }

  public static byte[] sha512(byte[] data) {
    return digest(HashAlgorithm.SHA512, data);
  }

  public static byte[] digest(HashAlgorithm algorithm, byte[] data) {
    Objects.requireNonNull(algorithm, "algorithm");
    return algorithm.newDigest().digest(Objects.requireNonNull(data, "data"));
  }
}
