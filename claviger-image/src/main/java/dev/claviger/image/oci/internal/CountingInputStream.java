package dev.claviger.image.oci.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports the running byte count after every read (for progress display). */
public final class CountingInputStream extends FilterInputStream {
  private final LongConsumer onCount;
  private long count;

  public CountingInputStream(InputStream in, LongConsumer onCount) {
    super(in);
    this.onCount = onCount;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      onCount.accept(++count);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      onCount.accept(count);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = in.skip(n);
    if (s > 0) {
      count += s;
      onCount.accept(count);
    }
    return s;
  }

  public long count() {
    return count;
  }
}
