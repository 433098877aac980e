package dev.claviger.image.oci;

import dev.claviger.image.oci.internal.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;

/** Uniform read/write access to registry and layout locations for {@link ImageCopier}. */
final class CopyEndpoints {
  private CopyEndpoints() {}

  interface Source {
    Manifest top() throws IOException;

    Manifest child(Descriptor d) throws IOException;

    /** A verifying stream of the blob, reporting bytes read to {@code progress}. */
    DigestingInputStream open(Descriptor d, ProgressListener progress) throws IOException;
  }

  interface Destination {
    ProgressListener.Outcome putBlob(Descriptor d, RegistryClient.BlobSource src,
        Optional<String> mountFrom) throws IOException;

    /** Writes a manifest; {@code top} ones get the destination's tag. */
    void putManifest(Manifest m, boolean top) throws IOException;
  }

  static Source source(ImageLocation loc) {
    return switch (loc) {
      case ImageLocation.Registry r -> new RegistrySource(r);
      case ImageLocation.Layout l -> new LayoutSource(l);
    };
  }

  static Destination destination(ImageLocation loc) {
    return switch (loc) {
      case ImageLocation.Registry r -> new RegistryDestination(r);
      case ImageLocation.Layout l -> new LayoutDestination(l);
    };
  }

  private static void checkSize(Manifest m, Descriptor d) throws DigestMismatchException {
    if (!m.digest().equals(d.digest()) || m.size() != d.size()) {
      throw DigestMismatchException.digest(d.digest(), m.digest());
    }
  }

  private record RegistrySource(ImageLocation.Registry loc) implements Source {
    @Override
    public Manifest top() throws IOException {
      return loc.client().getManifest(loc.ref());
    }

    @Override
    public Manifest child(Descriptor d) throws IOException {
      Manifest m = loc.client().getManifest(loc.ref().atDigest(d.digest()));
      checkSize(m, d);
      return m;
    }

    @Override
    public DigestingInputStream open(Descriptor d, ProgressListener progress) throws IOException {
      return loc.client().openBlob(loc.ref(), d, progress);
    }
  }

  private record LayoutSource(ImageLocation.Layout loc) implements Source {
    @Override
    public Manifest top() throws IOException {
      Descriptor d = loc.layout().resolve(loc.tag()).orElseThrow(() -> new IOException(
          "no image " + (loc.tag().isEmpty() ? "(untagged, single)" : "tagged " + loc.tag())
              + " in " + loc.layout().dir()));
      return child(d);
    }

    @Override
    public Manifest child(Descriptor d) throws IOException {
      Manifest m = loc.layout().readManifest(d);
      checkSize(m, d);
      return m;
    }

    @Override
    public DigestingInputStream open(Descriptor d, ProgressListener progress) throws IOException {
      InputStream in = Files.newInputStream(loc.layout().blobPath(d.digest()));
      return DigestingInputStream.of(new CountingInputStream(in, n -> progress.advanced(d, n)), d);
    }
  }

  private record RegistryDestination(ImageLocation.Registry loc) implements Destination {
    @Override
    public ProgressListener.Outcome putBlob(Descriptor d, RegistryClient.BlobSource src,
        Optional<String> mountFrom) throws IOException {
      return loc.client().pushBlob(loc.ref(), d, src, mountFrom, ProgressListener.NONE);
    }

    @Override
    public void putManifest(Manifest m, boolean top) throws IOException {
      ImageReference ref = loc.ref();
      if (!top || ref.tag().isEmpty()) {
        if (top && !ref.digest().get().equals(m.digest())) {
          throw DigestMismatchException.digest(ref.digest().get(), m.digest());
        }
        ref = ref.atDigest(m.digest());
      } else {
        ref = new ImageReference(ref.registry(), ref.repository(), ref.tag(), Optional.empty());
      }
      loc.client().putManifest(ref, m);
    }
  }

  private record LayoutDestination(ImageLocation.Layout loc) implements Destination {
    @Override
    public ProgressListener.Outcome putBlob(Descriptor d, RegistryClient.BlobSource src,
        Optional<String> mountFrom) throws IOException {
      if (loc.layout().hasBlob(d.digest())) {
        return ProgressListener.Outcome.EXISTS;
      }
      try (InputStream in = src.open()) {
        loc.layout().writeBlob(d, in);
      }
      return ProgressListener.Outcome.COPIED;
    }

    @Override
    public void putManifest(Manifest m, boolean top) throws IOException {
      Descriptor d = loc.layout().writeBlob(m.mediaType(), m.bytes());
      if (top) {
        if (loc.tag().isEmpty()) {
          throw new IOException("an oci: destination needs a tag (oci:DIR:tag)");
        }
        loc.layout().tag(loc.tag(), d);
      }
    }
  }
}
