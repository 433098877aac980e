package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.LayerCompression;
import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.UnpackLimits;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The read side of one layer: compressed blob → decompressor → {@link GuardedStream} (diff_id,
 * limits) → tar reader. Every failure leaves here as a typed {@link UnpackException}. Not
 * thread-safe.
 */
public final class LayerStream implements EntryData, AutoCloseable {
  private final SourceStream source;
  private final GuardedStream guarded;
  private final TarArchiveInputStream tar;
  private final UnpackLimits limits;
  private long entries;

  private LayerStream(SourceStream source, GuardedStream guarded, UnpackLimits limits) {
    this.source = source;
    this.guarded = guarded;
    this.limits = limits;
    this.tar = new CheckedTarInputStream(guarded);
  }

  /** Opens the decompressor (gzip reads its header here, so a non-gzip blob fails now). */
  public static LayerStream open(InputStream blob, LayerCompression compression, MessageDigest diffId,
      UnpackLimits limits) throws UnpackException {
    SourceStream source = new SourceStream(blob);
    InputStream plain;
    try {
      plain = switch (compression) {
        case NONE -> source;
        case GZIP -> new GZIPInputStream(source, 64 * 1024);
        case ZSTD -> new ZstdInputStream(source);
      };
    } catch (IOException | RuntimeException e) {
      throw UnpackIOException.classify(e, "bad " + compression + " stream");
    }
    return new LayerStream(source, new GuardedStream(plain, diffId, limits.maxUncompressedBytes()), limits);
  }

  /** The next entry (its predecessor's unread content is skipped), or null at the end. */
  public TarArchiveEntry next() throws UnpackException {
    TarArchiveEntry e;
    guarded.beginHeader(limits.maxHeaderBytes());
    try {
      e = tar.getNextEntry();
    } catch (IOException | RuntimeException ex) {
      throw UnpackIOException.classify(ex, "corrupt tar header");
    } finally {
      guarded.endHeader();
    }
    if (e == null) {
      return null;
    }
    if (++entries > limits.maxEntries()) {
      throw new UnpackException(UnpackException.Kind.LIMIT,
          "layer has more than " + limits.maxEntries() + " entries (maxEntries)");
    }
    if (e.isSparse()) {
      // Go's archive/tar (docker, buildkit, containers/storage) never writes sparse entries
      throw new UnpackException(UnpackException.Kind.UNSUPPORTED,
          "sparse tar entry: " + EntryNames.shorten(e.getName()));
    }
    return e;
  }

  @Override
  public int read(byte[] buffer) throws UnpackException {
    try {
      return tar.read(buffer, 0, buffer.length);
    } catch (IOException | RuntimeException ex) {
      throw UnpackIOException.classify(ex, "corrupt tar data");
    }
  }

  /**
   * After the end-of-archive marker: hashes the rest of the uncompressed stream and reads the
   * blob to its end, so that checks that run at EOF below us (blob digest, ocicrypt HMAC) run.
   *
   * @return the uncompressed byte count
   */
  public long finish() throws UnpackException {
    try {
      guarded.drain();
    } catch (IOException | RuntimeException ex) {
      throw UnpackIOException.classify(ex, "corrupt data after the tar end marker");
    }
    try {
      byte[] buf = new byte[8192];
      long extra = 0;
      for (int n; (n = source.read(buf, 0, buf.length)) >= 0; ) {
        extra += n;
        if (extra > limits.maxHeaderBytes()) {
          throw new UnpackException(UnpackException.Kind.MALFORMED,
              "more than " + limits.maxHeaderBytes() + " bytes of garbage after the compressed stream");
        }
      }
    } catch (IOException ex) {
      throw UnpackIOException.classify(ex, "reading the end of the layer blob");
    }
    return guarded.total();
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException ignored) {
      // the caller owns the blob stream's fate; nothing more to release here
    }
  }
}
