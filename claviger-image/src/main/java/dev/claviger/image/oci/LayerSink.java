package dev.claviger.image.oci;

import dev.claviger.core.Hex;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Where a {@link LayerTransform} writes a layer's new bytes. It hashes (SHA-256) and counts what
 * passes through, so the transform can describe its output with {@link #digest()} and
 * {@link #size()} after writing.
 */
public final class LayerSink extends FilterOutputStream {
  private final MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
  private long size;
  private Digest digest;

  LayerSink(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (digest != null) {
      throw new IOException("layer sink already finished");
    }
    out.write(b, off, len);
    md.update(b, off, len);
    size += len;
  }

  /** Bytes written so far. */
  public long size() {
    return size;
  }

  /** SHA-256 of everything written; after this call no more bytes are accepted. */
  public Digest digest() {
    if (digest == null) {
      digest = new Digest(Digest.SHA256, Hex.encode(md.digest()));
    }
    return digest;
  }

  /** Closing is the copier's job: a transform closing the sink early does nothing. */
  @Override
  public void close() throws IOException {
    out.flush();
  }
}
