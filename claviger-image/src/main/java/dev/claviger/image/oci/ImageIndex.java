package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.MalformedInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or Docker manifest list. Immutable; equality is by the exact bytes. */
public final class ImageIndex implements Manifest {
  private final byte[] bytes;
  private final Digest digest;
  private final String mediaType;
  private final List<Descriptor> manifests;
  private final Map<String, String> annotations;
  private final Map<String, JsonNode> extra;

  ImageIndex(byte[] bytes, String mediaType, List<Descriptor> manifests,
      Map<String, String> annotations, Map<String, JsonNode> extra) {
    this.bytes = bytes.clone();
    this.digest = Digest.sha256(this.bytes);
    this.mediaType = mediaType;
    this.manifests = List.copyOf(manifests);
    this.annotations = Map.copyOf(annotations);
    this.extra = extra;
  }

  /** Parses a document that must be an index. */
  public static ImageIndex parse(byte[] bytes, String contentType) throws MalformedInputException {
    if (ManifestCodec.parse(bytes, contentType) instanceof ImageIndex i) {
      return i;
    }
    throw new MalformedInputException("expected an image index, got an image manifest");
  }

  /** A new index serialised in Go field order. */
  public static ImageIndex create(String mediaType, List<Descriptor> manifests,
      Map<String, String> annotations) {
    if (!MediaTypes.isIndex(mediaType)) {
      throw new IllegalArgumentException("not an index media type: " + mediaType);
    }
    return ManifestWriter.buildIndex(mediaType, manifests,
        annotations == null ? Map.of() : annotations, Map.of());
  }

  /** This index with other entries (annotations and unknown members kept). */
  public ImageIndex withManifests(List<Descriptor> newManifests) {
    return ManifestWriter.buildIndex(mediaType, newManifests, annotations, extra);
  }

  /**
   * The first entry that is an image manifest for {@code wanted}. Entries without a platform are
   * ignored (they are attestations or artifacts, not runnable images).
   */
  public Optional<Descriptor> select(Platform wanted) {
    return manifests.stream()
        .filter(d -> MediaTypes.isImageManifest(d.mediaType()))
        .filter(d -> d.platform().map(wanted::accepts).orElse(false))
        .findFirst();
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

  public List<Descriptor> manifests() {
    return manifests;
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageIndex i && Arrays.equals(bytes, i.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "ImageIndex[" + mediaType + ", " + digest + ", " + manifests.size() + " entries]";
  }
}
