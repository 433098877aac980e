package dev.claviger.image.unpack;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.unpack.internal.EntryMetadata;
import dev.claviger.image.unpack.internal.LayerStream;
import dev.claviger.image.unpack.internal.RootfsTree;
import dev.claviger.image.unpack.internal.RootfsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies OCI image layers (tar, optionally gzip or zstd compressed) to a rootfs directory, one
 * layer at a time in manifest order, checking each layer's diff_id in the same pass.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Nothing is written outside the rootfs: absolute names and {@code ..} components are
 *       refused, symlinks are never followed when creating (parent symlinks are resolved inside
 *       the rootfs, see {@link RootfsTree}), hardlink targets must resolve inside the rootfs.
 *   <li>Bounded: uncompressed size, entry count, header bytes (PAX, GNU long names) and path
 *       lengths are limited by {@link UnpackLimits}.
 *   <li>On any failure — including a diff_id mismatch, which can only be known at the end of
 *       the stream — the whole rootfs directory is deleted before the exception is thrown.
 * </ul>
 *
 * <h2>Semantics</h2>
 *
 * Whiteouts follow the OCI image-spec: {@code .wh.<name>} removes {@code <name>} of lower layers,
 * {@code .wh..wh..opq} empties its directory of lower-layer content; both never remove what the
 * same layer adds. Mode (including set-id bits) and mtime are applied; owners only when running
 * as root. Device nodes and FIFOs are skipped (and counted) unless {@link
 * Builder#createSpecialFiles} is set and the process is root, in which case {@code mknod(1)}
 * creates them. Extended attributes (file capabilities, SELinux labels) are not applied.
 *
 * <p>Instances are immutable and thread-safe; concurrent calls must use different rootfs dirs.
 */
public final class LayerUnpacker {
  private final UnpackLimits limits;
  private final boolean createSpecialFiles;
  private final boolean root;

  private LayerUnpacker(Builder b) {
    this.limits = b.limits;
    this.createSpecialFiles = b.createSpecialFiles;
    this.root = EntryMetadata.runningAsRoot();
  }

  /** Default limits, special files skipped. */
  public static LayerUnpacker create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Deletes a directory tree such as an unpacked rootfs; symlinks inside are removed as links and
   * never followed, so a hostile image cannot make the cleanup delete host files.
   */
  public static void deleteTree(Path dir) throws UnpackException {
    RootfsTree.deleteTree(dir);
  }

  public UnpackLimits limits() {
    return limits;
  }

  /**
   * Applies one layer on top of {@code rootfs} (created if missing).
   *
   * @param blob the (decrypted) layer blob; read to its end, not closed
   * @param compression from the layer's media type ({@link LayerCompression#forMediaType})
   * @param expectedDiffId {@code config.rootfs.diff_ids[i]} for this layer
   * @throws UnpackException with the rootfs already deleted
   */
  public UnpackResult unpack(InputStream blob, LayerCompression compression, Digest expectedDiffId,
      Path rootfs) throws UnpackException {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(expectedDiffId, "expectedDiffId");
    Path realRoot = prepareRoot(Objects.requireNonNull(rootfs, "rootfs"));
    try {
      return apply(blob, compression, expectedDiffId, realRoot);
    } catch (UnpackException | RuntimeException e) {
      discard(realRoot, e);
      throw e;
    }
  }

  private UnpackResult apply(InputStream blob, LayerCompression compression, Digest expected, Path realRoot)
      throws UnpackException {
    MessageDigest md = expected.newMessageDigest();
    RootfsWriter writer = new RootfsWriter(new RootfsTree(realRoot, limits.maxSymlinkHops()), limits,
        root, createSpecialFiles);
    long entries = 0;
    long bytes;
    try (LayerStream layer = LayerStream.open(blob, compression, md, limits)) {
      for (TarArchiveEntry e; (e = layer.next()) != null; entries++) {
        writer.apply(e, layer);
      }
      bytes = layer.finish();
    }
    writer.finish();
    Digest actual = new Digest(expected.algorithm(), dev.claviger.core.Hex.encode(md.digest()));
    if (!actual.equals(expected)) {
      throw new UnpackException(UnpackException.Kind.DIFF_ID_MISMATCH,
          "uncompressed layer is " + actual + " but the image config says " + expected);
    }
    return new UnpackResult(actual, bytes, entries, writer.skippedSpecialFiles());
  }

  private static Path prepareRoot(Path rootfs) throws UnpackException {
    try {
      Files.createDirectories(rootfs);
      if (Files.isSymbolicLink(rootfs) || !Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnpackException(UnpackException.Kind.IO, "rootfs is not a plain directory: " + rootfs);
      }
      return rootfs.toRealPath();
    } catch (IOException e) {
      throw new UnpackException(UnpackException.Kind.IO, "cannot prepare rootfs " + rootfs + ": " + e, e);
    }
  }

  private static void discard(Path realRoot, Exception cause) {
    try {
      RootfsTree.deleteTree(realRoot);
    } catch (UnpackException e) {
      cause.addSuppressed(e);
    }
  }

  /** Configures limits and the special-file policy. */
  public static final class Builder {
    private UnpackLimits limits = UnpackLimits.DEFAULT;
    private boolean createSpecialFiles;

    private Builder() {}

    public Builder limits(UnpackLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Creates device nodes and FIFOs (only effective as root). Off by default: a container gets
     * its devices from the runtime, and a device node in an image is a way around that.
     */
    public Builder createSpecialFiles(boolean allow) {
      this.createSpecialFiles = allow;
      return this;
    }

    public LayerUnpacker build() {
      return new LayerUnpacker(this);
    }
  }
}
