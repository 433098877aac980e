package dev.claviger.image.sign;

import dev.claviger.core.Json;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.oci.RegistryException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cosign's legacy signature storage: an OCI image manifest tagged {@code <alg>-<hex>.sig} in the
 * image's repository, one layer per signature (blob = payload, annotation = signature). Reading
 * fetches every layer blob digest-checked; writing appends a layer to the existing attachment (or
 * creates it) and rewrites the config's diff_ids as cosign does.
 */
public final class CosignAttachments {
  /** More signature layers than this is not a plausible attachment. */
  static final int MAX_LAYERS = 64;
  /** containers/image's MaxSignatureBodySize. */
  static final int MAX_LAYER_BYTES = 4 * 1024 * 1024;

  private CosignAttachments() {}

  /** The attachment tag of a manifest: {@code sha256-<hex>.sig}. */
  public static ImageReference attachmentOf(ImageReference image, Digest manifestDigest) {
    return new ImageReference(image.registry(), image.repository(),
        manifestDigest.algorithm() + "-" + manifestDigest.encoded() + ".sig", Optional.empty());
  }

  /** The layers of the attachment; empty when the tag does not exist. */
  public static List<CosignSignature> read(RegistryClient registry, ImageReference image,
      Digest manifestDigest) throws SignatureException {
    ImageReference tag = attachmentOf(image, manifestDigest);
    Optional<ImageManifest> m = fetch(registry, tag);
    if (m.isEmpty()) {
      return List.of();
    }
    List<Descriptor> layers = m.get().layers();
    if (layers.size() > MAX_LAYERS) {
      throw new SignatureException(Kind.UNAVAILABLE,
          "cosign attachment " + tag + " has " + layers.size() + " layers, limit " + MAX_LAYERS);
    }
    List<CosignSignature> out = new ArrayList<>();
    for (Descriptor l : layers) {
      try {
        out.add(new CosignSignature(l.mediaType(),
            registry.readBlob(tag, l, MAX_LAYER_BYTES), l.annotations()));
      } catch (IOException e) {
        throw new SignatureException(Kind.UNAVAILABLE,
            "cannot fetch cosign signature layer " + l.digest() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Appends a signature layer to the image's attachment and pushes it.
   *
   * @return the attachment manifest's new digest
   */
  public static Digest append(RegistryClient registry, ImageReference image, Digest manifestDigest,
      CosignSignature signature) throws SignatureException {
    ImageReference tag = attachmentOf(image, manifestDigest);
    List<Descriptor> layers = new ArrayList<>(fetch(registry, tag)
        .map(ImageManifest::layers).orElse(List.of()));
    byte[] payload = signature.payload();
    Descriptor layer = Descriptor.ofBytes(signature.mediaType(), payload)
        .withAnnotations(signature.annotations());
    if (layers.stream().anyMatch(l -> l.sameContent(layer) && l.annotations().equals(layer.annotations()))) {
      return fetch(registry, tag).orElseThrow().digest();
    }
    layers.add(layer);
    if (layers.size() > MAX_LAYERS) {
      throw new SignatureException(Kind.UNAVAILABLE, "cosign attachment " + tag + " is full");
    }
    byte[] config = config(layers);
    Descriptor configDesc = Descriptor.ofBytes(MediaTypes.OCI_CONFIG, config);
    try {
      push(registry, tag, layer, payload);
      push(registry, tag, configDesc, config);
      return registry.putManifest(tag,
          ImageManifest.create(MediaTypes.OCI_MANIFEST, configDesc, layers, Map.of()));
    } catch (IOException e) {
      throw new SignatureException(Kind.UNAVAILABLE, "cannot push cosign signature to " + tag
          + ": " + e.getMessage(), e);
    }
  }

  private static void push(RegistryClient registry, ImageReference repo, Descriptor d, byte[] bytes)
      throws IOException {
    registry.pushBlob(repo, d, () -> new ByteArrayInputStream(bytes), Optional.empty(),
        ProgressListener.NONE);
  }

  /** cosign's attachment config: empty platform, one diff_id per layer (layers are not compressed). */
  private static byte[] config(List<Descriptor> layers) {
    List<String> diffIds = layers.stream().map(l -> l.digest().toString()).toList();
    Map<String, Object> rootfs = new LinkedHashMap<>();
    rootfs.put("type", "layers");
    rootfs.put("diff_ids", diffIds);
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("architecture", "");
    cfg.put("created", "0001-01-01T00:00:00Z");
    cfg.put("history", List.of(Map.of("created", "0001-01-01T00:00:00Z")));
    cfg.put("os", "");
    cfg.put("rootfs", rootfs);
    cfg.put("config", Map.of());
    return Json.writeBytes(cfg);
  }

  private static Optional<ImageManifest> fetch(RegistryClient registry, ImageReference tag)
      throws SignatureException {
    Manifest m;
    try {
      m = registry.getManifest(tag);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw new SignatureException(Kind.UNAVAILABLE, "cannot fetch " + tag + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SignatureException(Kind.UNAVAILABLE, "cannot fetch " + tag + ": " + e.getMessage(), e);
    }
    if (!(m instanceof ImageManifest im)) {
      throw new SignatureException(Kind.BAD_SIGNATURE, tag + " is not an image manifest");
    }
    return Optional.of(im);
  }
}
