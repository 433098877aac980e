package dev.claviger.kbs.internal.jwe;

/** A {@code tee-pubkey} cannot be used to wrap a resource. The message is client-safe. */
public final class InvalidTeeKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTeeKeyException(String message) {
    super(message);
  }
}
