package dev.claviger.attestation;

import java.security.GeneralSecurityException;

/**
 * The attestation request is rejected: malformed or forged evidence, a binding mismatch, an
 * unsupported or disabled TEE, malformed runtime or init data. The caller is at fault (401).
 */
public final class AttestationRejectedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public AttestationRejectedException(String message) {
    super(message);
  }

  public AttestationRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
