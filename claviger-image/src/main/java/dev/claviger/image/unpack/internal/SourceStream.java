package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The caller's (compressed) layer stream. Its read failures are tagged {@code IO}, so that a
 * broken network connection is not reported as a corrupt layer, while everything the
 * decompressor and tar reader raise above it stays {@code MALFORMED}. Closing it does not close
 * the caller's stream.
 */
public final class SourceStream extends InputStream {
  private final InputStream in;

  public SourceStream(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw tag(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw tag(e);
    }
  }

  private static IOException tag(IOException e) {
    if (e instanceof UnpackIOException) {
      return e;
    }
    return new UnpackIOException(UnpackException.Kind.IO, "reading the layer blob failed: " + e.getMessage(), e);
  }

  /** Delegated: GZIPInputStream on JDK 21 only looks for a further gzip member when > 0. */
  @Override
  public int available() throws IOException {
    try {
      return in.available();
    } catch (IOException e) {
      throw tag(e);
    }
  }

  /** Leaves the caller's stream open: whoever opened the blob closes it. */
  @Override
  public void close() {
    // the decompressor above us is closed to release its native state; the blob is not ours
  }
}
