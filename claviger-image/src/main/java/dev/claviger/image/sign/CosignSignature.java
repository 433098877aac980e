package dev.claviger.image.sign;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer of a cosign {@code sha256-<hex>.sig} attachment manifest: its media type, the blob
 * (the exact payload bytes that were signed, already digest-checked by whoever fetched it) and the
 * layer annotations. Untrusted until {@link Cosign#verify} accepts it.
 *
 * @param mediaType the layer media type ({@link Cosign#SIMPLE_SIGNING_MEDIA_TYPE} for signatures)
 * @param payload the layer blob
 * @param annotations the layer annotations
 */
public record CosignSignature(String mediaType, byte[] payload, Map<String, String> annotations) {
  public CosignSignature {
    Objects.requireNonNull(mediaType, "mediaType");
    payload = Objects.requireNonNull(payload, "payload").clone();
    annotations = Map.copyOf(annotations);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The base64 signature annotation, if present. */
  public Optional<String> signatureBase64() {
    return Optional.ofNullable(annotations.get(Cosign.SIGNATURE_ANNOTATION));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignSignature c && c.mediaType.equals(mediaType)
        && Arrays.equals(c.payload, payload) && c.annotations.equals(annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, Arrays.hashCode(payload), annotations);
  }

  @Override
  public String toString() {
    return "CosignSignature[" + mediaType + ", " + payload.length + " bytes, " + annotations.keySet() + "]";
  }
}
