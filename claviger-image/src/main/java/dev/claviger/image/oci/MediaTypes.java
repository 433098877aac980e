package dev.claviger.image.oci;

import java.util.Set;

/** OCI image-spec and Docker v2 schema 2 media types, and the ocicrypt {@code +encrypted} forms. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE =
      "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_FOREIGN_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  /** Schema 1 is recognised only to be refused with a clear error. */
  public static final String DOCKER_MANIFEST_V1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";
  public static final String DOCKER_MANIFEST_V1 =
      "application/vnd.docker.distribution.manifest.v1+json";

  /** ocicrypt appends this suffix to an encrypted layer's media type. */
  public static final String ENCRYPTED_SUFFIX = "+encrypted";
  public static final String OCI_LAYER_ENCRYPTED = OCI_LAYER + ENCRYPTED_SUFFIX;
  public static final String OCI_LAYER_GZIP_ENCRYPTED = OCI_LAYER_GZIP + ENCRYPTED_SUFFIX;
  public static final String OCI_LAYER_ZSTD_ENCRYPTED = OCI_LAYER_ZSTD + ENCRYPTED_SUFFIX;
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ENCRYPTED =
      OCI_LAYER_NONDISTRIBUTABLE + ENCRYPTED_SUFFIX;
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP_ENCRYPTED =
      OCI_LAYER_NONDISTRIBUTABLE_GZIP + ENCRYPTED_SUFFIX;
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD_ENCRYPTED =
      OCI_LAYER_NONDISTRIBUTABLE_ZSTD + ENCRYPTED_SUFFIX;
  public static final String DOCKER_LAYER_GZIP_ENCRYPTED = DOCKER_LAYER_GZIP + ENCRYPTED_SUFFIX;

  private static final Set<String> LAYERS = Set.of(OCI_LAYER, OCI_LAYER_GZIP, OCI_LAYER_ZSTD,
      OCI_LAYER_NONDISTRIBUTABLE, OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD,
      DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP);

  /** Every manifest/index type a registry client should put in {@code Accept}, OCI first. */
  public static final String ACCEPT_MANIFESTS =
      String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private MediaTypes() {}

  /** A single-image manifest (OCI or Docker v2 schema 2). */
  public static boolean isImageManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** A multi-platform index (OCI index or Docker manifest list). */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** An image config blob (OCI or Docker). */
  public static boolean isConfig(String mediaType) {
    return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }

  /** A known layer type, encrypted or not. */
  public static boolean isLayer(String mediaType) {
    return mediaType != null && LAYERS.contains(decrypted(mediaType));
  }

  /** True for an ocicrypt-encrypted media type. */
  public static boolean isEncrypted(String mediaType) {
    return mediaType != null && mediaType.endsWith(ENCRYPTED_SUFFIX);
  }

  /** The encrypted form of a layer type (idempotent). */
  public static String encrypted(String mediaType) {
    return isEncrypted(mediaType) ? mediaType : mediaType + ENCRYPTED_SUFFIX;
  }

  /** The plain form of a possibly encrypted layer type (idempotent). */
  public static String decrypted(String mediaType) {
    return isEncrypted(mediaType)
        ? mediaType.substring(0, mediaType.length() - ENCRYPTED_SUFFIX.length())
        : mediaType;
  }

  /** The layer compression implied by the (decrypted) media type. */
  public static Compression compression(String mediaType) {
    String m = decrypted(mediaType);
    if (m.endsWith("+gzip") || m.endsWith(".tar.gzip")) {
      return Compression.GZIP;
    }
    if (m.endsWith("+zstd")) {
      return Compression.ZSTD;
    }
    return m.endsWith(".tar") ? Compression.NONE : Compression.UNKNOWN;
  }

  /** Layer compression per media type. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD,
    UNKNOWN
  }
}
