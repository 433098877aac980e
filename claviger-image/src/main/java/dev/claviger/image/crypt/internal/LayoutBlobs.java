package dev.claviger.image.crypt.internal;

import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Blob plumbing between two OCI layouts for the image-level encrypt/decrypt. */
public final class LayoutBlobs {
  private LayoutBlobs() {}

  /** Copies a blob unchanged (verified by the layout's digesting reader) unless already there. */
  public static void copy(OciLayout from, OciLayout to, Descriptor d) throws IOException {
    if (to.hasBlob(d.digest())) {
      return;
    }
    try (InputStream in = from.openBlob(d)) {
      to.writeBlob(d, in);
    }
  }

  /** A fresh temp file beside the blobs, so publishing is a same-filesystem rename. */
  public static Path tempBlob(OciLayout layout) throws IOException {
    Path dir = layout.blobPath(Digest.sha256(new byte[0])).getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, ".tmp-", ".partial");
  }

  public static OutputStream open(Path temp) throws IOException {
    return Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Publishes a temp file whose content the caller has already verified against {@code digest}. */
  public static void publish(OciLayout layout, Path temp, Digest digest) throws IOException {
    Path target = layout.blobPath(digest);
    Files.createDirectories(target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
