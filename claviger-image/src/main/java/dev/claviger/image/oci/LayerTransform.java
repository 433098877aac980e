package dev.claviger.image.oci;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

/**
 * A per-layer hook for {@link ImageCopier}: encryption and decryption plug in here. Layers the
 * transform does not apply to are copied byte for byte (and may be mounted or skipped).
 */
public interface LayerTransform {
  /** Whether layer {@code index} (0-based, manifest order) is transformed. */
  boolean appliesTo(int index, Descriptor layer);

  /**
   * Reads the source layer from {@code in} (already digest-verified: a tampered source fails
   * with {@link DigestMismatchException} at EOF, so read it to the end) and writes the new layer
   * to {@code out}. Returns the new layer's descriptor, whose digest and size must be those of
   * the bytes written ({@code out.digest()}, {@code out.size()}); the copier checks this.
   */
  Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out)
      throws IOException, GeneralSecurityException;

  /** Copies every layer unchanged. */
  static LayerTransform none() {
    return new LayerTransform() {
      @Override
      public boolean appliesTo(int index, Descriptor layer) {
        return false;
      }

      @Override
      public Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out) {
        throw new IllegalStateException("identity transform applies to no layer");
      }
    };
  }
}
