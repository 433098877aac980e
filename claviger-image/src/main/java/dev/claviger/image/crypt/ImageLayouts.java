package dev.claviger.image.crypt;

import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.LayoutBlobs;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout-to-layout path shared by the image encryptor and decryptor. It writes blobs through
 * {@link LayoutBlobs} (64 KiB writes, no extra hash pass) rather than {@code ImageCopier}, whose
 * sink re-hashes every byte: decrypt + verify already hashes each byte twice (bench numbers in
 * claviger-bench/README.md).
 */
final class ImageLayouts {
  private ImageLayouts() {}

  /** Whether layer {@code index} of {@code count} is rewritten; the others are copied. */
  @FunctionalInterface
  interface LayerFilter {
    boolean test(Descriptor layer, int index, int count);
  }

  /** Reads a layer's bytes, writes its new bytes and returns the new descriptor. */
  @FunctionalInterface
  interface BlobRewrite {
    Descriptor apply(Descriptor layer, InputStream in, OutputStream out) throws ImageCryptException;
  }

  /**
   * Rewrites the selected layers of {@code sourceTag} into {@code target} as {@code targetTag};
   * the config and other layers are copied. A rewritten blob is published only after
   * {@code rewrite} returns, so a failed check leaves nothing behind.
   */
  static Descriptor rewrite(OciLayout source, String sourceTag, OciLayout target, String targetTag,
      LayerFilter which, BlobRewrite rewrite) throws ImageCryptException, IOException {
    ImageManifest manifest = manifest(source, sourceTag);
    LayoutBlobs.copy(source, target, manifest.config());
    List<Descriptor> layers = new ArrayList<>();
    int count = manifest.layers().size();
    for (int i = 0; i < count; i++) {
      Descriptor layer = manifest.layers().get(i);
      if (which.test(layer, i, count)) {
        layers.add(rewriteBlob(source, target, layer, rewrite));
      } else {
        LayoutBlobs.copy(source, target, layer);
        layers.add(layer);
      }
    }
    return writeManifest(target, targetTag, manifest.withLayers(layers));
  }

  private static Descriptor rewriteBlob(OciLayout source, OciLayout target, Descriptor layer, BlobRewrite rewrite)
      throws ImageCryptException, IOException {
    Path temp = LayoutBlobs.tempBlob(target);
    try {
      Descriptor written;
      try (InputStream in = Files.newInputStream(source.blobPath(layer.digest()));
          OutputStream out = LayoutBlobs.open(temp)) {
        written = rewrite.apply(layer, in, out);
      }
      LayoutBlobs.publish(target, temp, written.digest());
      return written;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static ImageManifest manifest(OciLayout layout, String tag) throws ImageCryptException, IOException {
    Descriptor d = layout.resolve(tag).orElseThrow(
        () -> new java.nio.file.NoSuchFileException(layout.dir() + ":" + tag, null, "no such tag in the layout"));
    Manifest m = layout.readManifest(d);
    return switch (m) {
      case ImageManifest image -> image;
      case ImageIndex index -> throw new ImageCryptException(Reason.MALFORMED,
          "tag " + tag + " is a multi-platform index; copy one platform's image first");
    };
  }

  private static Descriptor writeManifest(OciLayout target, String tag, ImageManifest manifest) throws IOException {
    Descriptor d = target.writeBlob(manifest.mediaType(), manifest.bytes());
    target.tag(tag, d);
    return d;
  }
}
