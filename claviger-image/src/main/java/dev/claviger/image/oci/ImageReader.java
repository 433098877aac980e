package dev.claviger.image.oci;

import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads one image from a registry or an OCI layout: the top manifest (possibly an index), the
 * platform's image manifest, its config, and verified blob streams. For pull-and-unpack and
 * inspection; {@link ImageCopier} is the tool for moving images.
 */
public final class ImageReader {
  private final ImageLocation location;
  private final CopyEndpoints.Source source;

  private ImageReader(ImageLocation location) {
    this.location = location;
    this.source = CopyEndpoints.source(location);
  }

  public static ImageReader of(ImageLocation location) {
    return new ImageReader(Objects.requireNonNull(location, "location"));
  }

  public ImageLocation location() {
    return location;
  }

  /** The manifest or index the location names (digest-verified). */
  public Manifest top() throws IOException {
    return source.top();
  }

  /** The image manifest for {@code platform}: the top one, or the index entry for it. */
  public ImageManifest manifest(Platform platform) throws IOException {
    return manifest(top(), platform);
  }

  /** As {@link #manifest(Platform)} starting from an already fetched top manifest. */
  public ImageManifest manifest(Manifest top, Platform platform) throws IOException {
    return switch (top) {
      case ImageManifest m -> m;
      case ImageIndex idx -> {
        Descriptor d = idx.select(platform).orElseThrow(() -> new IOException(
            "index " + idx.digest() + " has no image for " + platform));
        if (!(source.child(d) instanceof ImageManifest m)) {
          throw new IOException("index entry " + d.digest() + " is not an image manifest");
        }
        yield m;
      }
    };
  }

  /** Any manifest the location's repository or layout holds, by descriptor. */
  public Manifest manifest(Descriptor d) throws IOException {
    return source.child(d);
  }

  /** The parsed, digest-verified config of an image manifest. */
  public ImageConfig config(ImageManifest m) throws IOException {
    if (m.config().size() > ImageConfig.MAX_BYTES) {
      throw new IOException("config " + m.config().digest() + " exceeds " + ImageConfig.MAX_BYTES);
    }
    byte[] bytes;
    try (DigestingInputStream in = source.open(m.config(), ProgressListener.NONE)) {
      bytes = in.readNBytes((int) m.config().size() + 1);
      in.verifyNow();
    }
    try {
      return ImageConfig.parse(bytes);
    } catch (MalformedInputException e) {
      throw new IOException("malformed image config " + m.config().digest() + ": "
          + e.getMessage(), e);
    }
  }

  /** A stream of a blob that fails at EOF (or once over-long) unless it matches {@code d}. */
  public DigestingInputStream openBlob(Descriptor d, ProgressListener progress)
      throws IOException {
    return source.open(d, progress == null ? ProgressListener.NONE : progress);
  }
}
