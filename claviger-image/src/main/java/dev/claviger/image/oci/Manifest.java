package dev.claviger.image.oci;

import dev.claviger.core.MalformedInputException;

/**
 * A manifest document as stored: the exact bytes, their digest, and the parsed view. The bytes are
 * what is pushed and what the digest covers, so a manifest always round-trips byte-exactly;
 * only an explicit {@code with...} edit produces new bytes.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {
  /** Largest manifest or index accepted (registries commonly enforce 4 MiB as well). */
  int MAX_BYTES = 4 * 1024 * 1024;

  /** The media type (from the document, or the transport's Content-Type when the body has none). */
  String mediaType();

  /** A copy of the exact bytes. */
  byte[] bytes();

  /** SHA-256 of {@link #bytes()}. */
  Digest digest();

  /** The number of bytes. */
  int size();

  /** A descriptor of this document (media type, digest, size). */
  default Descriptor descriptor() {
    return Descriptor.of(mediaType(), digest(), size());
  }

  /**
   * Parses a manifest or index.
   *
   * @param contentType the transport's media type (HTTP Content-Type, descriptor mediaType), or
   *     null; used only when the document has no {@code mediaType} member, and must agree with it
   *     otherwise
   */
  static Manifest parse(byte[] bytes, String contentType) throws MalformedInputException {
    return ManifestCodec.parse(bytes, contentType);
  }
}
