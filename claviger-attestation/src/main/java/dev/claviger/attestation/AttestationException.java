package dev.claviger.attestation;

import java.security.GeneralSecurityException;

/**
 * The Attestation Service failed: policy evaluation error (conflicting values, an invalid trust
 * claim, no claim set), storage, signing, or configuration. Says nothing bad about the evidence.
 */
public class AttestationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public AttestationException(String message) {
    super(message);
  }

  public AttestationException(String message, Throwable cause) {
    super(message, cause);
  }
}
