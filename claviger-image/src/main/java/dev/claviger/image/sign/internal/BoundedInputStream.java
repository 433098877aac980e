package dev.claviger.image.sign.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails (rather than truncates) once more than {@code limit} bytes have been read. */
public final class BoundedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  public BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    count(s);
    return s;
  }

  private void count(long n) throws IOException {
    count += n;
    if (count > limit) {
      throw new IOException("input exceeds the limit of " + limit + " bytes");
    }
  }
}
