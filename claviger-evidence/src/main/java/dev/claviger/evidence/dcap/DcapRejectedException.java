package dev.claviger.evidence.dcap;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** A DCAP quote (or its collateral) failed a check; {@link #error()} says which. */
public final class DcapRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final DcapError error;

  public DcapRejectedException(DcapError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
  }

  public DcapRejectedException(DcapError error, String detail, Throwable cause) {
    super(Objects.requireNonNull(error, "error") + ": " + detail, cause);
    this.error = error;
  }

  public DcapError error() {
    return error;
  }
}
