package dev.claviger.image.crypt;

import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.LayerSink;
import dev.claviger.image.oci.LayerTransform;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decrypts the encrypted layers of an image and restores each original descriptor: media type
 * without {@code +encrypted}, digest from {@code privopts.digest} (verified against the decrypted
 * bytes), size, and the annotations minus {@code org.opencontainers.image.enc.*}. Every plaintext
 * is written to a temp file and published only after the HMAC and digest checks pass.
 *
 * <p>The ciphertext's own digest is not recomputed here: the HMAC under the layer key already
 * authenticates every ciphertext byte and its length, and the plaintext digest pins the result,
 * so a third hash pass would add cost and no assurance. Registry downloads verify blob digests in
 * the registry client anyway. Thread-safe when the resolvers are.
 */
public final class ImageDecryptor {
  private final LayerDecryptor decryptor;

  public ImageDecryptor(LayerDecryptor decryptor) {
    this.decryptor = Objects.requireNonNull(decryptor, "decryptor");
  }

  /**
   * Decrypts one layer blob (the per-layer hook of an image copy). On exception the output is
   * poison and must be discarded.
   *
   * @return the original (plaintext) descriptor
   */
  public Descriptor decryptLayer(Descriptor layer, InputStream ciphertext, OutputStream plaintext)
      throws ImageCryptException {
    try (UnlockedLayer unlocked = decryptor.unlock(layer.annotations())) {
      long size = unlocked.decrypt(ciphertext, plaintext);
      return restored(layer, unlocked.plaintextDigest(), size);
    }
  }

  /**
   * This decryptor as an {@code ImageCopier} layer hook: applies to every {@code +encrypted}
   * layer. The copier must publish the written blob only after {@code transform} returns.
   */
  public LayerTransform asLayerTransform() {
    return new LayerTransform() {
      @Override
      public boolean appliesTo(int index, Descriptor layer) {
        return MediaTypes.isEncrypted(layer.mediaType());
      }

      @Override
      public Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out)
          throws ImageCryptException {
        return decryptLayer(layer, in, out);
      }
    };
  }

  /** The descriptor a decrypted layer gets back. */
  static Descriptor restored(Descriptor layer, String plaintextDigest, long size) throws ImageCryptException {
    Map<String, String> annotations = new TreeMap<>(layer.annotations());
    annotations.keySet().removeIf(k -> k.startsWith(EncAnnotations.PREFIX));
    return layer.withMediaType(MediaTypes.decrypted(layer.mediaType()))
        .withContent(ImageEncryptor.parse(plaintextDigest), size)
        .withAnnotations(annotations);
  }

  /**
   * Decrypts every encrypted layer of {@code sourceTag} into {@code target} as {@code targetTag};
   * unencrypted layers and the config are copied. Returns the new manifest's descriptor.
   */
  public Descriptor decrypt(OciLayout source, String sourceTag, OciLayout target, String targetTag)
      throws ImageCryptException, IOException {
    return ImageLayouts.rewrite(source, sourceTag, target, targetTag,
        (layer, index, count) -> MediaTypes.isEncrypted(layer.mediaType()), this::decryptLayer);
  }
}
