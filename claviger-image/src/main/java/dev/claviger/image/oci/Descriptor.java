package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI content descriptor. Members this model does not know (for example {@code data}) are kept
 * in {@link #extra()} and written back, so a rewritten manifest loses nothing.
 *
 * @param mediaType non-empty media type of the referenced content
 * @param digest digest of the referenced bytes
 * @param size exact size in bytes (non-negative)
 * @param urls optional alternate download locations (never fetched by this client)
 * @param annotations annotations, sorted by key (as Go's encoder writes them)
 * @param platform platform of an index entry
 * @param artifactType OCI 1.1 artifact type, empty when absent
 * @param extra unknown members, in document order
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    Optional<Platform> platform,
    String artifactType,
    Map<String, JsonNode> extra) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (mediaType.isEmpty() || mediaType.length() > 255) {
      throw new IllegalArgumentException("mediaType must have 1..255 characters");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0");
    }
    urls = urls == null ? List.of() : List.copyOf(urls);
    annotations = annotations == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(annotations));
    platform = platform == null ? Optional.empty() : platform;
    artifactType = artifactType == null ? "" : artifactType;
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, null, null);
  }

  /** A descriptor of these bytes (SHA-256). */
  public static Descriptor ofBytes(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256(content), content.length);
  }

  public Descriptor withMediaType(String newMediaType) {
    return new Descriptor(newMediaType, digest, size, urls, annotations, platform, artifactType,
        extra);
  }

  /** Same descriptor pointing at other content (a transformed layer). */
  public Descriptor withContent(Digest newDigest, long newSize) {
    return new Descriptor(mediaType, newDigest, newSize, urls, annotations, platform, artifactType,
        extra);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType,
        extra);
  }

  public Descriptor withPlatform(Platform p) {
    return new Descriptor(mediaType, digest, size, urls, annotations, Optional.ofNullable(p),
        artifactType, extra);
  }

  /** One annotation value, if present. */
  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  /** True when both name the same content: digest and size equal. */
  public boolean sameContent(Descriptor other) {
    return digest.equals(other.digest) && size == other.size;
  }
}
