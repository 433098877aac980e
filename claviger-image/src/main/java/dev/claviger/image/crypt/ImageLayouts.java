package dev.claviger.image.crypt;

import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;

/** Manifest lookup and write-back shared by the image encryptor and decryptor. */
final class ImageLayouts {
  private ImageLayouts() {}

  static ImageManifest manifest(OciLayout layout, String tag) throws ImageCryptException, IOException {
    Descriptor d = layout.resolve(tag).orElseThrow(
        () -> new java.nio.file.NoSuchFileException(layout.dir() + ":" + tag, null, "no such tag in the layout"));
    Manifest m = layout.readManifest(d);
    return switch (m) {
      case ImageManifest image -> image;
      case ImageIndex index -> throw new ImageCryptException(Reason.MALFORMED,
          "tag " + tag + " is a multi-platform index; copy one platform's image first");
    };
  }

  static Descriptor writeManifest(OciLayout target, String tag, ImageManifest manifest) throws IOException {
    Descriptor d = target.writeBlob(manifest.mediaType(), manifest.bytes());
    target.tag(tag, d);
    return d;
  }
}
