package dev.claviger.agent.attester;

import java.util.Objects;

/** The init-data digest is not bound to the platform, or binding cannot be checked here. */
public final class InitDataBindingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why binding failed. */
  public enum Reason {
    /** The platform value (MRCONFIGID, HOST_DATA) differs from the digest: wrong init-data. */
    MISMATCH,
    /** This attester has no init-data binding (sample, CCA, ...): upstream's {@code Unsupported}. */
    UNSUPPORTED,
    /** Reading or extending the platform value failed. */
    PLATFORM
  }

  private final Reason reason;

  public InitDataBindingException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public InitDataBindingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
