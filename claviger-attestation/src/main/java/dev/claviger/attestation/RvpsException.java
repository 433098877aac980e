package dev.claviger.attestation;

/** An RVPS operation failed. */
public final class RvpsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The message or name is invalid (caller's fault). */
    INVALID_MESSAGE,
    /** Storage failed (our fault). */
    STORAGE
  }

  private final Reason reason;

  public RvpsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RvpsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
