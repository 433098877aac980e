package dev.claviger.evidence.dcap;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** A DCAP quote (or its collateral) failed a check; {@link #error()} says which. */
public final class DcapRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final DcapError error;
  private final String detail;

  public DcapRejectedException(DcapError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
    this.detail = detail;
  }

  public DcapRejectedException(DcapError error, String detail, Throwable cause) {
    super(Objects.requireNonNull(error, "error") + ": " + detail, cause);
    this.error = error;
    this.detail = detail;
  }

  public DcapError error() {
    return error;
  }

  /** The human-readable detail without the error code. */
  public String detail() {
    return detail;
  }
}
