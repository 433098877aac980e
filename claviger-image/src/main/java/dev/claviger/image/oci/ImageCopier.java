package dev.claviger.image.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies an image between registries and/or OCI layouts: manifest, config and layers, skipping
 * blobs the destination has, mounting across repositories of the same registry, and passing
 * selected layers through a {@link LayerTransform} (ocicrypt encryption/decryption plugs in
 * there). Every byte read from the source is digest-verified.
 *
 * <p>From an index, only the manifest for {@link Builder#platform} is copied (and written as a
 * plain manifest, as skopeo does) unless {@link Builder#allPlatforms()} asks for the whole index.
 * Layers are copied one after another. Thread-safe if the transform and listener are.
 */
public final class ImageCopier {
  private final Platform platform;
  private final boolean allPlatforms;
  private final LayerTransform transform;
  private final ManifestRewriter rewriter;
  private final ProgressListener progress;
  private final Path tempDir;

  private ImageCopier(Builder b) {
    this.platform = b.platform;
    this.allPlatforms = b.allPlatforms;
    this.transform = b.transform;
    this.rewriter = b.rewriter;
    this.progress = b.progress;
    this.tempDir = b.tempDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options; the defaults copy linux/amd64 unchanged. */
  public static final class Builder {
    private Platform platform = Platform.LINUX_AMD64;
    private boolean allPlatforms;
    private LayerTransform transform = LayerTransform.none();
    private ManifestRewriter rewriter = ManifestRewriter.none();
    private ProgressListener progress = ProgressListener.NONE;
    private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));

    private Builder() {}

    public Builder platform(Platform p) {
      this.platform = Objects.requireNonNull(p, "platform");
      return this;
    }

    /** Copy every image of an index and the index itself. */
    public Builder allPlatforms() {
      this.allPlatforms = true;
      return this;
    }

    public Builder layerTransform(LayerTransform t) {
      this.transform = Objects.requireNonNull(t, "transform");
      return this;
    }

    public Builder manifestRewriter(ManifestRewriter r) {
      this.rewriter = Objects.requireNonNull(r, "rewriter");
      return this;
    }

    public Builder progress(ProgressListener p) {
      this.progress = Objects.requireNonNull(p, "progress");
      return this;
    }

    /** Where transformed layers are staged before upload (default java.io.tmpdir). */
    public Builder tempDir(Path dir) {
      this.tempDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public ImageCopier build() {
      return new ImageCopier(this);
    }
  }

  /** Copies {@code from} to {@code to}. */
  public CopyResult copy(ImageLocation from, ImageLocation to)
      throws IOException, GeneralSecurityException {
    if (to instanceof ImageLocation.Layout l && l.tag().isEmpty()) {
      throw new IOException("an oci: destination needs a tag (oci:DIR:tag)");
    }
    CopyEndpoints.Source src = CopyEndpoints.source(from);
    CopyEndpoints.Destination dst = CopyEndpoints.destination(to);
    Optional<String> mountFrom = mountSource(from, to);
    List<CopyResult.BlobCopy> blobs = new ArrayList<>();
    Manifest top = src.top();
    Manifest written;
    if (top instanceof ImageIndex idx && allPlatforms) {
      written = copyIndex(idx, src, dst, mountFrom, blobs);
    } else {
      ImageManifest m = switch (top) {
        case ImageManifest im -> im;
        case ImageIndex idx -> selected(idx, src);
      };
      written = copyImage(m, src, dst, mountFrom, blobs);
    }
    dst.putManifest(written, true);
    return new CopyResult(top.descriptor(), written.descriptor(), blobs);
  }

  private ImageManifest selected(ImageIndex idx, CopyEndpoints.Source src) throws IOException {
    Descriptor d = idx.select(platform).orElseThrow(() -> new IOException(
        "index " + idx.digest() + " has no image for " + platform));
    if (!(src.child(d) instanceof ImageManifest m)) {
      throw new IOException("index entry " + d.digest() + " is not an image manifest");
    }
    return m;
  }

  private ImageIndex copyIndex(ImageIndex idx, CopyEndpoints.Source src,
      CopyEndpoints.Destination dst, Optional<String> mountFrom, List<CopyResult.BlobCopy> blobs)
      throws IOException, GeneralSecurityException {
    List<Descriptor> children = new ArrayList<>();
    for (Descriptor d : idx.manifests()) {
      if (!(src.child(d) instanceof ImageManifest m)) {
        throw new IOException("nested index " + d.digest() + " is not supported");
      }
      ImageManifest out = copyImage(m, src, dst, mountFrom, blobs);
      dst.putManifest(out, false);
      children.add(d.withContent(out.digest(), out.size()));
    }
    return children.equals(idx.manifests()) ? idx : idx.withManifests(children);
  }

  private ImageManifest copyImage(ImageManifest m, CopyEndpoints.Source src,
      CopyEndpoints.Destination dst, Optional<String> mountFrom, List<CopyResult.BlobCopy> blobs)
      throws IOException, GeneralSecurityException {
    blobs.add(passThrough(m.config(), src, dst, mountFrom));
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < m.layers().size(); i++) {
      Descriptor layer = m.layers().get(i);
      CopyResult.BlobCopy c = transform.appliesTo(i, layer)
          ? transformed(i, layer, src, dst) : passThrough(layer, src, dst, mountFrom);
      blobs.add(c);
      layers.add(c.written());
    }
    ImageManifest out = layers.equals(m.layers()) ? m : m.withLayers(layers);
    return rewriter.rewrite(out);
  }

  private CopyResult.BlobCopy passThrough(Descriptor d, CopyEndpoints.Source src,
      CopyEndpoints.Destination dst, Optional<String> mountFrom) throws IOException {
    progress.started(d);
    ProgressListener.Outcome o = dst.putBlob(d, () -> src.open(d, progress), mountFrom);
    progress.finished(d, o);
    return new CopyResult.BlobCopy(d, d, o);
  }

  private CopyResult.BlobCopy transformed(int index, Descriptor layer, CopyEndpoints.Source src,
      CopyEndpoints.Destination dst) throws IOException, GeneralSecurityException {
    Files.createDirectories(tempDir);
    Path tmp = Files.createTempFile(tempDir, "claviger-layer-", ".tmp");
    try {
      progress.started(layer);
      Descriptor out;
      LayerSink sink;
      try (DigestingInputStream in = src.open(layer, progress);
          OutputStream file = Files.newOutputStream(tmp)) {
        sink = new LayerSink(file);
        out = transform.transform(index, layer, in, sink);
        // bytes the transform left unread still belong to the verified blob
        in.transferTo(OutputStream.nullOutputStream());
        in.verifyNow();
        sink.close();
      }
      Digest actual = sink.digest();
      if (!out.digest().equals(actual) || out.size() != sink.size()) {
        throw new IOException("layer transform described " + out.digest() + " (" + out.size()
            + " bytes) but wrote " + actual + " (" + sink.size() + " bytes)");
      }
      ProgressListener.Outcome o = dst.putBlob(out, () -> openTemp(tmp), Optional.empty());
      progress.finished(layer, o);
      return new CopyResult.BlobCopy(layer, out, o);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static InputStream openTemp(Path tmp) throws IOException {
    return Files.newInputStream(tmp);
  }

  /** Mounting needs the same registry and a different repository. */
  private static Optional<String> mountSource(ImageLocation from, ImageLocation to) {
    if (from instanceof ImageLocation.Registry f && to instanceof ImageLocation.Registry t
        && f.ref().apiHost().equals(t.ref().apiHost())
        && !f.ref().repository().equals(t.ref().repository())) {
      return Optional.of(f.ref().repository());
    }
    return Optional.empty();
  }
}
