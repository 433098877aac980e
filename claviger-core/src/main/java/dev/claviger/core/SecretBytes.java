package dev.claviger.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Secret bytes (keys, resource plaintexts, passwords). Copies in on construction and out on access,
 * so callers never share the internal array; {@link #equals(Object)} is constant-time in the
 * content; {@link #toString()} never shows the content; {@link #destroy()} zeroes it.
 *
 * <p>Thread-safe for reads; destroying while another thread reads is a caller error (the reader
 * then gets either the bytes or an {@link IllegalStateException}).
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] owned) {
    this.bytes = owned;
  }

  /** Copies {@code bytes}; the caller should then wipe its own array. */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** Copies {@code bytes[offset..offset+length)}. */
  public static SecretBytes copyOf(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
    return new SecretBytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** Takes ownership of {@code bytes} without copying (the caller must drop its reference). */
  public static SecretBytes wrapOwned(byte[] bytes) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
  }

  /** {@code length} fresh random bytes. */
  public static SecretBytes random(int length, SecureRandom random) {
    if (length < 0) {
      throw new IllegalArgumentException("length < 0");
    }
    byte[] b = new byte[length];
    Objects.requireNonNull(random, "random").nextBytes(b);
    return new SecretBytes(b);
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret; wipe it ({@code Arrays.fill(b, (byte) 0)}) when done. */
  public byte[] toByteArray() {
    checkLive();
    byte[] copy = bytes.clone();
    checkLive();
    return copy;
  }

  /** A JCA key over a copy of the secret (for Cipher/Mac init). */
  public SecretKeySpec toSecretKey(String algorithm) {
    checkLive();
    return new SecretKeySpec(bytes, Objects.requireNonNull(algorithm, "algorithm"));
  }

  /** Constant-time comparison with raw bytes (lengths are not secret). */
  public boolean contentEquals(byte[] other) {
    checkLive();
    return MessageDigest.isEqual(bytes, Objects.requireNonNull(other, "other"));
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Same as {@link #destroy()}, for try-with-resources. */
  @Override
  public void close() {
    destroy();
  }

  /** Constant-time in the content. Destroyed instances are equal only to themselves. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SecretBytes other) || destroyed || other.destroyed) {
      return false;
    }
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Depends on the length only, so hashing leaks nothing about the content. */
  @Override
  public int hashCode() {
    return Integer.hashCode(bytes.length);
  }

  @Override
  public String toString() {
    return destroyed ? "SecretBytes[destroyed]" : "SecretBytes[" + bytes.length + " bytes, redacted]";
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("SecretBytes used after destroy()");
    }
  }
}
