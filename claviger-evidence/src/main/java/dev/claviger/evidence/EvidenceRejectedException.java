package dev.claviger.evidence;

import java.security.GeneralSecurityException;

/**
 * The evidence is bad: malformed, forged, not bound to the expected report or init data, or for a
 * TEE this service does not verify. The caller is at fault; a KBS answers 401.
 */
public class EvidenceRejectedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public EvidenceRejectedException(String message) {
    super(message);
  }

  public EvidenceRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
