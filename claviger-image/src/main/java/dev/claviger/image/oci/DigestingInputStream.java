package dev.claviger.image.oci;

import dev.claviger.core.Hex;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Passes bytes through while hashing them, and fails with {@link DigestMismatchException} at EOF
 * when the digest or the byte count differs from what was expected. Reading past the expected
 * size fails immediately (a hostile server cannot make us buffer an unbounded blob).
 *
 * <p>Consumers must read to EOF for the check to run; {@link #verifyNow()} forces it (for
 * example after a decompressor stopped early). {@code skip} is routed through {@code read} so
 * that skipped bytes are hashed too. Not thread-safe.
 */
public final class DigestingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final MessageDigest md;
  private long count;
  private boolean verified;
  private DigestMismatchException failure;
  private final byte[] one = new byte[1];

  /**
   * @param expectedSize the exact size in bytes, or -1 when unknown (then only the digest is
   *     checked, so a caller must bound the stream some other way)
   */
  public DigestingInputStream(InputStream in, Digest expected, long expectedSize) {
    super(Objects.requireNonNull(in, "in"));
    this.expected = Objects.requireNonNull(expected, "expected");
    if (expectedSize < -1) {
      throw new IllegalArgumentException("expectedSize must be >= -1");
    }
    this.expectedSize = expectedSize;
    this.md = expected.newMessageDigest();
  }

  /** Verifies the declared descriptor (digest and size). */
  public static DigestingInputStream of(InputStream in, Descriptor d) {
    return new DigestingInputStream(in, d.digest(), d.size());
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int want = len;
    if (expectedSize >= 0) {
      // ask for one byte beyond the declared size so an oversized body is detected
      long room = expectedSize - count + 1;
      want = (int) Math.min(len, Math.max(room, 1));
    }
    int n = in.read(b, off, want);
    if (n < 0) {
      verifyNow();
      return -1;
    }
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw DigestMismatchException.size(expected, expectedSize, count, true);
    }
    md.update(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // unsupported: a reset would hash bytes twice
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("reset is not supported on a digesting stream");
  }

  /**
   * Checks size and digest of everything read so far against the expectation; idempotent.
   * Call only when the whole content has been consumed.
   */
  public void verifyNow() throws DigestMismatchException {
    if (verified) {
      if (failure != null) {
        throw failure;
      }
      return;
    }
    if (expectedSize >= 0 && count != expectedSize) {
      throw DigestMismatchException.size(expected, expectedSize, count, false);
    }
    Digest actual = new Digest(expected.algorithm(), Hex.encode(md.digest()));
    verified = true;
    if (!actual.equals(expected)) {
      failure = DigestMismatchException.digest(expected, actual);
      throw failure;
    }
  }

  /** The digest this stream verifies against. */
  public Digest expected() {
    return expected;
  }

  /** The size this stream verifies against, -1 when unknown. */
  public long expectedSize() {
    return expectedSize;
  }

  /**
   * {@code in} itself when it already verifies exactly {@code d} (no second hash over the same
   * bytes), otherwise a new verifying stream around it.
   */
  public static DigestingInputStream verifying(InputStream in, Descriptor d) {
    if (in instanceof DigestingInputStream dis && dis.expected.equals(d.digest())
        && dis.expectedSize == d.size()) {
      return dis;
    }
    return of(in, d);
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }
}
