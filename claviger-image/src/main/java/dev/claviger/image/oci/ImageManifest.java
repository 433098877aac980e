package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.MalformedInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image manifest or Docker v2 schema 2 manifest. Immutable; equality is by digest (which
 * covers the exact bytes).
 */
public final class ImageManifest implements Manifest {
  private final byte[] bytes;
  private final Digest digest;
  private final String mediaType;
  private final String artifactType;
  private final Descriptor config;
  private final List<Descriptor> layers;
  private final Optional<Descriptor> subject;
  private final Map<String, String> annotations;
  private final Map<String, JsonNode> extra;

  ImageManifest(byte[] bytes, String mediaType, String artifactType, Descriptor config,
      List<Descriptor> layers, Optional<Descriptor> subject, Map<String, String> annotations,
      Map<String, JsonNode> extra) {
    this.bytes = bytes.clone();
    this.digest = Digest.sha256(this.bytes);
    this.mediaType = mediaType;
    this.artifactType = artifactType;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.subject = subject;
    this.annotations = Map.copyOf(annotations);
    this.extra = extra;
  }

  /** Parses a manifest that must be a single-image manifest (not an index). */
  public static ImageManifest parse(byte[] bytes) throws MalformedInputException {
    return parse(bytes, null);
  }

  /** As {@link #parse(byte[])} with the transport's media type as a hint. */
  public static ImageManifest parse(byte[] bytes, String contentType)
      throws MalformedInputException {
    if (ManifestCodec.parse(bytes, contentType) instanceof ImageManifest m) {
      return m;
    }
    throw new MalformedInputException("expected an image manifest, got an index");
  }

  /** A new OCI or Docker manifest serialised in Go field order (as skopeo would write it). */
  public static ImageManifest create(String mediaType, Descriptor config, List<Descriptor> layers,
      Map<String, String> annotations) {
    if (!MediaTypes.isImageManifest(mediaType)) {
      throw new IllegalArgumentException("not an image manifest media type: " + mediaType);
    }
    return ManifestWriter.build(mediaType, "", Objects.requireNonNull(config, "config"),
        layers, Optional.empty(), annotations == null ? Map.of() : annotations, Map.of());
  }

  /** This manifest with other layers (same config, annotations and unknown members). */
  public ImageManifest withLayers(List<Descriptor> newLayers) {
    return ManifestWriter.build(mediaType, artifactType, config, newLayers, subject, annotations,
        extra);
  }

  /** This manifest with another config descriptor. */
  public ImageManifest withConfig(Descriptor newConfig) {
    return ManifestWriter.build(mediaType, artifactType, newConfig, layers, subject, annotations,
        extra);
  }

  /** This manifest with other top-level annotations. */
  public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
    return ManifestWriter.build(mediaType, artifactType, config, layers, subject, newAnnotations,
        extra);
  }

  @Override
  public String mediaType() {
    return mediaType;
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public Digest digest() {
    return digest;
  }

  @Override
  public int size() {
    return bytes.length;
  }

  public Descriptor config() {
    return config;
  }

  public List<Descriptor> layers() {
    return layers;
  }

  /** OCI 1.1 {@code subject}, if any. */
  public Optional<Descriptor> subject() {
    return subject;
  }

  /** OCI 1.1 {@code artifactType}, empty when absent. */
  public String artifactType() {
    return artifactType;
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  /** True when any layer has an ocicrypt {@code +encrypted} media type. */
  public boolean hasEncryptedLayers() {
    return layers.stream().anyMatch(l -> MediaTypes.isEncrypted(l.mediaType()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageManifest m && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "ImageManifest[" + mediaType + ", " + digest + ", " + layers.size() + " layers]";
  }
}
