package dev.claviger.image.pipeline.internal;

import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.LayerIntegrityIOException;
import dev.claviger.image.crypt.UnlockedLayer;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.DigestMismatchException;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.pipeline.ImagePipelineException;
import dev.claviger.image.pipeline.ImagePipelineException.Stage;
import dev.claviger.image.unpack.LayerCompression;
import dev.claviger.image.unpack.LayerUnpacker;
import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.UnpackResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Streams each layer blob → (decrypt, HMAC and plaintext digest checked at EOF) → decompress →
 * untar with diff_id check, and sorts failures into pipeline stages: a failed HMAC surfaces from
 * deep inside the unpacker's read and must still be reported as a decryption failure.
 */
public final class LayerApplier {
  private final BlobStore blobs;
  private final LayerDecryptor decryptor;
  private final LayerUnpacker unpacker;

  /** @param decryptor null when no key source is configured */
  public LayerApplier(BlobStore blobs, LayerDecryptor decryptor, LayerUnpacker unpacker) {
    this.blobs = blobs;
    this.decryptor = decryptor;
    this.unpacker = unpacker;
  }

  public List<UnpackResult> applyAll(ImageReference pinned, List<Descriptor> layers, List<Digest> diffIds,
      Path rootfs) throws ImagePipelineException {
    List<UnpackResult> results = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      results.add(apply(pinned, i, layers.get(i), diffIds.get(i), rootfs));
    }
    return results;
  }

  private UnpackResult apply(ImageReference pinned, int index, Descriptor d, Digest diffId, Path rootfs)
      throws ImagePipelineException {
    String where = "layer " + index + " (" + d.digest() + ")";
    LayerCompression compression;
    try {
      compression = LayerCompression.forMediaType(MediaTypes.decrypted(d.mediaType()));
    } catch (UnpackException e) {
      throw new ImagePipelineException(Stage.MANIFEST, where + ": " + e.getMessage(), e);
    }
    UnlockedLayer unlocked = unlock(where, d);
    try (UnlockedLayer key = unlocked; InputStream blob = blobs.open(pinned, d)) {
      InputStream plain = key == null ? blob : key.decryptingStream(blob);
      try {
        return unpacker.unpack(plain, compression, diffId, rootfs);
      } catch (UnpackException e) {
        throw rootCause(where, plain).orElseGet(() -> classify(where, e, Stage.UNPACK));
      }
    } catch (IOException e) {
      throw classify(where, e, Stage.PULL);
    }
  }

  /**
   * A tampered blob usually breaks the decompressor before its digest (or HMAC) check at EOF
   * can run. Reading the rest of the blob (bounded by the descriptor size) tells the two apart,
   * so the error names the real cause: altered bytes, not a bad layer author.
   */
  private static Optional<ImagePipelineException> rootCause(String where, InputStream plain) {
    try {
      plain.transferTo(OutputStream.nullOutputStream());
      return Optional.empty();
    } catch (IOException e) {
      ImagePipelineException c = classify(where, e, Stage.PULL);
      return c.stage() == Stage.PULL ? Optional.empty() : Optional.of(c);
    }
  }

  private UnlockedLayer unlock(String where, Descriptor d) throws ImagePipelineException {
    if (!MediaTypes.isEncrypted(d.mediaType())) {
      return null;
    }
    if (decryptor == null) {
      throw new ImagePipelineException(Stage.DECRYPT,
          where + " is encrypted and no decryption key or key provider is configured", null);
    }
    try {
      return decryptor.unlock(d.annotations());
    } catch (ImageCryptException e) {
      throw new ImagePipelineException(Stage.DECRYPT, where + ": " + e.getMessage(), e);
    }
  }

  /** The most specific stage found in the cause chain (integrity and digest beat "unpack"). */
  private static ImagePipelineException classify(String where, Exception e, Stage fallback) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LayerIntegrityIOException integrity) {
        return new ImagePipelineException(Stage.DECRYPT, where + ": " + integrity.failure().getMessage(),
            integrity.failure());
      }
      if (t instanceof DigestMismatchException mismatch) {
        return new ImagePipelineException(Stage.BLOB_DIGEST, where + ": " + mismatch.getMessage(), mismatch);
      }
    }
    return new ImagePipelineException(fallback, where + ": " + e.getMessage(), e);
  }
}
