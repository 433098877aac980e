package dev.claviger.agent.cdh;

import java.util.Objects;

/**
 * A confidential data hub operation failed. {@link #kind()} says why, so callers (the local REST
 * API, the CLI, the image pipeline) can map it without parsing messages. Messages never contain
 * secret material.
 */
public final class CdhException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Kind {
    /** The input (URI, sealed secret, annotation packet, keyprovider JSON) could not be parsed. */
    MALFORMED,
    /** The input is well formed but asks for something Claviger does not implement. */
    UNSUPPORTED,
    /** A signature or key check failed: the input is not trusted. */
    VERIFICATION_FAILED,
    /** A resource could not be obtained from the KBS (or another {@link ResourceSource}). */
    RESOURCE_UNAVAILABLE,
    /** Decryption failed: wrong key, tampered ciphertext, bad IV or key length. */
    DECRYPTION_FAILED,
    /** An envelope KMS failed to unwrap a data key. */
    KMS_FAILED,
    /** A local file (for example a sealed-secret verification key) could not be read. */
    IO
  }

  private final Kind kind;

  public CdhException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public CdhException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String getMessage() {
    return kind + ": " + super.getMessage();
  }
}
