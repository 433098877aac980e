package dev.claviger.kbs.internal.error;

import java.util.Objects;

/**
 * A request failed with a client-visible error. The message is the {@code detail} sent to the
 * client, so it must never carry secrets or stack traces.
 */
public final class KbsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorType type;

  public KbsException(ErrorType type, String detail) {
    super(detail);
    this.type = Objects.requireNonNull(type, "type");
  }

  public KbsException(ErrorType type, String detail, Throwable cause) {
    super(detail, cause);
    this.type = Objects.requireNonNull(type, "type");
  }

  public ErrorType type() {
    return type;
  }
}
