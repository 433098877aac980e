package dev.claviger.image.pipeline.internal;

import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.DigestingInputStream;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Layer blobs, straight from the registry or through a cache keyed by digest. Cached blobs are
 * stored as fetched (still encrypted when the layer is) and re-hashed on every read, so a
 * tampered cache file fails like a tampered registry would. The cache never short-circuits the
 * signature check: that runs on the manifest, which is fetched on every use.
 */
public final class BlobStore {
  private final RegistryClient registry;
  private final Path cacheDir;
  private final ProgressListener progress;

  /** @param cacheDir the cache directory, or null for no cache */
  public BlobStore(RegistryClient registry, Path cacheDir, ProgressListener progress) {
    this.registry = registry;
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  /** The blob's bytes; the stream fails at EOF unless they match the descriptor. */
  public InputStream open(ImageReference repo, Descriptor d) throws IOException {
    if (cacheDir == null) {
      return registry.openBlob(repo, d, progress);
    }
    Path dir = cacheDir.resolve(d.digest().algorithm());
    Path file = dir.resolve(d.digest().encoded());
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".partial-", "");
      try {
        try (InputStream in = registry.openBlob(repo, d, progress);
            OutputStream out = Files.newOutputStream(tmp)) {
          in.transferTo(out); // reaching EOF runs the digest and size check
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } else {
      progress.finished(d, ProgressListener.Outcome.EXISTS);
    }
    return new DigestingInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), d.digest(), d.size());
  }
}
