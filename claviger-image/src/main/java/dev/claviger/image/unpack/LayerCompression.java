package dev.claviger.image.unpack;

import java.util.Locale;
import java.util.Objects;

/** How a (decrypted) layer blob is compressed, derived from its descriptor's media type. */
public enum LayerCompression {
  NONE,
  GZIP,
  ZSTD;

  /**
   * The compression of a plaintext layer media type (OCI distributable and non-distributable
   * layers, Docker schema 2 layers).
   *
   * @throws UnpackException {@code UNSUPPORTED} for encrypted media types (decrypt first) and for
   *     anything that is not a tar layer
   */
  public static LayerCompression forMediaType(String mediaType) throws UnpackException {
    Objects.requireNonNull(mediaType, "mediaType");
    String mt = mediaType.trim().toLowerCase(Locale.ROOT);
    if (mt.endsWith("+encrypted")) {
      throw new UnpackException(UnpackException.Kind.UNSUPPORTED,
          "layer media type " + mediaType + " is still encrypted; decrypt it before unpacking");
    }
    return switch (mt) {
      case "application/vnd.oci.image.layer.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.docker.image.rootfs.diff.tar" -> NONE;
      case "application/vnd.oci.image.layer.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.docker.image.rootfs.diff.tar.gzip",
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" -> GZIP;
      case "application/vnd.oci.image.layer.v1.tar+zstd",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" -> ZSTD;
      default -> throw new UnpackException(UnpackException.Kind.UNSUPPORTED,
          "not a tar layer media type: " + mediaType);
    };
  }
}
