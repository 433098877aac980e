package dev.claviger.attestation;

/** A policy id or policy text given to {@code setPolicy} is invalid (the caller's fault). */
public final class InvalidPolicyException extends AttestationException {
  private static final long serialVersionUID = 1L;

  public InvalidPolicyException(String message) {
    super(message);
  }

  public InvalidPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
