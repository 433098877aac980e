package dev.claviger.image.crypt;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.DigestingInputStream;
import dev.claviger.image.oci.LayerSink;
import dev.claviger.image.oci.LayerTransform;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts the layers of an image as {@code skopeo copy --encryption-key} does: selected layers get
 * the {@code +encrypted} media type, the ciphertext's digest and size, and the {@code
 * org.opencontainers.image.enc.*} annotations; the config (and so the diff_ids) and unselected
 * layers are unchanged. Thread-safe.
 */
public final class ImageEncryptor {
  private final LayerEncryptor encryptor;
  private final LayerSelection selection;

  public ImageEncryptor(LayerEncryptor encryptor, LayerSelection selection) {
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    this.selection = Objects.requireNonNull(selection, "selection");
  }

  /** Whether layer {@code index} of {@code count} is to be encrypted (see {@link LayerSelection}). */
  public boolean selects(Descriptor layer, int index, int count) {
    return selection.selects(index, count);
  }

  /**
   * Encrypts one layer blob (the per-layer hook of an image copy). The plaintext must match the
   * descriptor ({@link Reason#DIGEST_MISMATCH} otherwise, checked in the same pass).
   *
   * @return the encrypted layer's descriptor
   */
  public Descriptor encryptLayer(Descriptor layer, InputStream plaintext, OutputStream ciphertext)
      throws ImageCryptException {
    if (MediaTypes.isEncrypted(layer.mediaType())) {
      throw new ImageCryptException(Reason.MALFORMED,
          "layer " + layer.digest() + " is already encrypted; adding recipients is not supported");
    }
    if (!MediaTypes.isLayer(layer.mediaType())) {
      throw new ImageCryptException(Reason.MALFORMED, "cannot encrypt media type " + layer.mediaType());
    }
    boolean sha256 = Digest.SHA256.equals(layer.digest().algorithm());
    InputStream source = sha256 ? plaintext : DigestingInputStream.of(plaintext, layer);
    EncryptedLayer result = encryptor.encrypt(source, ciphertext);
    if (result.size() != layer.size() || (sha256 && !result.plaintextDigest().equals(layer.digest().toString()))) {
      throw new ImageCryptException(Reason.DIGEST_MISMATCH, "layer blob is " + result.plaintextDigest() + " ("
          + result.size() + " bytes) but the descriptor says " + layer.digest() + " (" + layer.size() + ")");
    }
    Map<String, String> annotations = new LinkedHashMap<>(layer.annotations());
    annotations.putAll(result.annotations());
    return layer.withMediaType(MediaTypes.encrypted(layer.mediaType()))
        .withContent(parse(result.digest()), result.size())
        .withAnnotations(annotations);
  }

  /**
   * Encrypts the image {@code sourceTag} of {@code source} into {@code target} as {@code
   * targetTag} (the layouts may be the same directory). Returns the new manifest's descriptor.
   */
  public Descriptor encrypt(OciLayout source, String sourceTag, OciLayout target, String targetTag)
      throws ImageCryptException, IOException {
    return ImageLayouts.rewrite(source, sourceTag, target, targetTag, this::selects, this::encryptLayer);
  }

  /**
   * This encryptor as an {@code ImageCopier} layer hook for an image of {@code layerCount} layers
   * (the count resolves negative {@code --encrypt-layer} indexes).
   */
  public LayerTransform asLayerTransform(int layerCount) {
    return new LayerTransform() {
      @Override
      public boolean appliesTo(int index, Descriptor layer) {
        return selects(layer, index, layerCount);
      }

      @Override
      public Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out)
          throws ImageCryptException {
        return encryptLayer(layer, in, out);
      }
    };
  }

  static Digest parse(String digest) throws ImageCryptException {
    try {
      return Digest.parse(digest);
    } catch (MalformedInputException e) {
      throw new ImageCryptException(Reason.MALFORMED, "bad digest " + digest + ": " + e.getMessage(), e);
    }
  }
}
