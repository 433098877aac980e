package dev.claviger.agent;

/** The attester could not produce evidence (device missing, report data too long, I/O error). */
public final class AttesterException extends Exception {
  private static final long serialVersionUID = 1L;

  public AttesterException(String message) {
    super(message);
  }

  public AttesterException(String message, Throwable cause) {
    super(message, cause);
  }
}
