package dev.claviger.image.pipeline;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;

/**
 * The guest image pipeline refused or failed an image. {@link #stage()} says where; the cause is
 * the typed exception of that stage ({@code RegistryException}, {@code SignatureException},
 * {@code ImageCryptException}, {@code UnpackException}, {@code ContainerException}, ...). When
 * this is thrown, no bundle is left behind.
 */
public final class ImagePipelineException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Where the pipeline stopped. */
  public enum Stage {
    /** The manifest, index or config could not be fetched from the registry. */
    PULL,
    /** A manifest, index or config is malformed, or no manifest matches the platform. */
    MANIFEST,
    /** The signature policy rejected the image (or could not be evaluated). */
    SIGNATURE,
    /** A layer key could not be obtained, or decryption/HMAC/digest checks failed. */
    DECRYPT,
    /** A blob's bytes differ from its descriptor (digest or size). */
    BLOB_DIGEST,
    /** A layer could not be unpacked (path escape, limit, diff_id mismatch, corrupt tar). */
    UNPACK,
    /** The runtime spec could not be built or written (unknown user, no command). */
    BUNDLE,
    /** The pull could not be recorded in the runtime measurement log. */
    MEASURE,
    /** Local I/O (bundle or cache directory) failed. */
    IO
  }

  private final Stage stage;

  public ImagePipelineException(Stage stage, String message, Throwable cause) {
    super(Objects.requireNonNull(stage, "stage").name().toLowerCase(Locale.ROOT) + ": " + message, cause);
    this.stage = stage;
  }

  public Stage stage() {
    return stage;
  }
}
