package dev.claviger.evidence.cca;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** Arm CCA evidence failed a check; {@link #error()} says which. */
public final class CcaRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final CcaError error;

  public CcaRejectedException(CcaError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
  }

  public CcaRejectedException(CcaError error, String detail, Throwable cause) {
    super(Objects.requireNonNull(error, "error") + ": " + detail, cause);
    this.error = error;
  }

  public CcaError error() {
    return error;
  }
}
