package dev.claviger.image.oci;

import java.io.IOException;

/**
 * Content did not match its descriptor: wrong digest, or more or fewer bytes than the declared
 * size. It is an {@link IOException} because it surfaces from streams (at EOF, or as soon as the
 * size is exceeded), so a consumer reading through a verifying stream cannot miss it.
 */
public final class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Digest expected;
  private final transient Digest actual;

  private DigestMismatchException(String message, Digest expected, Digest actual) {
    super(message);
    this.expected = expected;
    this.actual = actual;
  }

  static DigestMismatchException digest(Digest expected, Digest actual) {
    return new DigestMismatchException(
        "content digest mismatch: expected " + expected + ", got " + actual, expected, actual);
  }

  static DigestMismatchException size(Digest expected, long expectedSize, long actualSize,
      boolean atLeast) {
    return new DigestMismatchException("content size mismatch for " + expected + ": expected "
        + expectedSize + " bytes, got " + (atLeast ? "more than " + expectedSize : actualSize),
        expected, null);
  }

  /** The digest the descriptor declared. */
  public Digest expected() {
    return expected;
  }

  /** The digest of the bytes received, or null when the size was already wrong. */
  public Digest actualOrNull() {
    return actual;
  }

  /** True when the failure was the size, not the hash. */
  public boolean sizeMismatch() {
    return actual == null;
  }
}
