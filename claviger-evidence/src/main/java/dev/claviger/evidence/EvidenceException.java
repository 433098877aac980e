package dev.claviger.evidence;

import java.security.GeneralSecurityException;

/**
 * Verification could not be carried out because of us or a dependency (misconfiguration,
 * unreachable collateral service, internal error). Says nothing about the evidence; maps to 5xx.
 */
public class EvidenceException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public EvidenceException(String message) {
    super(message);
  }

  public EvidenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
