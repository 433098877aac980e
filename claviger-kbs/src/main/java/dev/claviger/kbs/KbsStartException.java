package dev.claviger.kbs;

/** The KBS (or the all-in-one server) could not start: bad configuration, key files, sockets. */
public final class KbsStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public KbsStartException(String message) {
    super(message);
  }

  public KbsStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
