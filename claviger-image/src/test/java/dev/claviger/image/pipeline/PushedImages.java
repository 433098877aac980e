package dev.claviger.image.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import dev.claviger.image.crypt.EncryptedLayer;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pushes {@link TestImages} images with our registry client, optionally encrypting layers. */
final class PushedImages {
  private PushedImages() {}

  /** Pushes {@code img} as {@code ref}; returns the manifest that was put. */
  static ImageManifest push(RegistryClient client, ImageReference ref, TestImages.Image img, LayerEncryptor enc)
      throws Exception {
    return push(client, ref, img, enc, null);
  }

  /**
   * @param wrongDiffId when non-null, replaces the last diff_id in the config (a lying config)
   */
  static ImageManifest push(RegistryClient client, ImageReference ref, TestImages.Image img, LayerEncryptor enc,
      Digest wrongDiffId) throws Exception {
    List<Descriptor> layers = new ArrayList<>();
    for (TestImages.Layer l : img.layers()) {
      byte[] bytes = l.blob().bytes();
      Descriptor d = Descriptor.of(l.blob().mediaType(), Digest.parse(l.blob().digest()), bytes.length);
      if (enc != null) {
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        EncryptedLayer e = enc.encrypt(new ByteArrayInputStream(bytes), ct);
        bytes = ct.toByteArray();
        d = Descriptor.of(MediaTypes.encrypted(d.mediaType()), Digest.parse(e.digest()), e.size())
            .withAnnotations(e.annotations());
      }
      pushBlob(client, ref, d, bytes);
      layers.add(d);
    }
    byte[] config = img.config().bytes();
    if (wrongDiffId != null) {
      ObjectNode c = (ObjectNode) Json.parse(config);
      ArrayNode ids = (ArrayNode) c.path("rootfs").path("diff_ids");
      ids.set(ids.size() - 1, wrongDiffId.toString());
      config = Json.writeBytes(c);
    }
    Descriptor configD = Descriptor.ofBytes(MediaTypes.OCI_CONFIG, config);
    pushBlob(client, ref, configD, config);
    ImageManifest m = ImageManifest.create(MediaTypes.OCI_MANIFEST, configD, layers, Map.of());
    client.putManifest(ref, m);
    return m;
  }

  private static void pushBlob(RegistryClient client, ImageReference ref, Descriptor d, byte[] bytes)
      throws Exception {
    client.pushBlob(ref, d, () -> new ByteArrayInputStream(bytes), Optional.empty(), ProgressListener.NONE);
  }
}
