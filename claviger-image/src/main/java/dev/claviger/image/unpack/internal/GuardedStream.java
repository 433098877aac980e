package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The decompressed tar stream as the tar reader sees it. Every byte passes through here exactly
 * once, so this is where the diff_id is hashed and the size limits are enforced:
 *
 * <ul>
 *   <li>a total budget of uncompressed bytes (decompression bombs);
 *   <li>a per-header budget, armed by {@link #beginHeader} while the tar reader parses the
 *       headers between two entries: PAX records, GNU long names and sparse maps are buffered in
 *       memory by the reader, so bounding the bytes it may consume there bounds that memory.
 * </ul>
 *
 * Runtime exceptions of the decompressor (aircompressor signals corrupt zstd that way) become
 * IOExceptions so they reach the caller as {@code MALFORMED}. Not thread-safe.
 */
public final class GuardedStream extends InputStream {
  private final InputStream in;
  private final MessageDigest digest;
  private final long maxBytes;
  private long total;
  private long headerBudget = -1;
  private long headerUsed;

  public GuardedStream(InputStream in, MessageDigest digest, long maxBytes) {
    this.in = Objects.requireNonNull(in, "in");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.maxBytes = maxBytes;
  }

  /** From now until {@link #endHeader}, at most {@code budget} bytes may be consumed. */
  public void beginHeader(long budget) {
    headerBudget = budget;
    headerUsed = 0;
  }

  public void endHeader() {
    headerBudget = -1;
  }

  /** Bytes passed through so far. */
  public long total() {
    return total;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = in.read(b, off, len);
    } catch (RuntimeException e) {
      throw new IOException("corrupt compressed stream: " + e.getMessage(), e);
    }
    if (n <= 0) {
      return n == 0 ? 0 : -1;
    }
    account(n);
    digest.update(b, off, n);
    return n;
  }

  private void account(int n) throws UnpackIOException {
    total += n;
    if (total > maxBytes) {
      throw new UnpackIOException(UnpackException.Kind.LIMIT,
          "layer exceeds " + maxBytes + " uncompressed bytes (maxUncompressedBytes)", null);
    }
    if (headerBudget >= 0) {
      headerUsed += n;
      if (headerUsed > headerBudget) {
        throw new UnpackIOException(UnpackException.Kind.LIMIT,
            "tar headers between two entries exceed " + headerBudget + " bytes (maxHeaderBytes)", null);
      }
    }
  }

  /** Skips by reading, so that skipped bytes are hashed and counted too. */
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

  /** Reads (and hashes) whatever follows the tar end-of-archive blocks. */
  public void drain() throws IOException {
    byte[] buf = new byte[8192];
    while (read(buf, 0, buf.length) >= 0) {
      // hashing happens in read
    }
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
