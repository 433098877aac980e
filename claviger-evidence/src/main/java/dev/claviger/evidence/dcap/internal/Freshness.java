package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapRejectedException;
import java.time.Instant;

/**
 * Collects issue and expiry dates of every collateral item used, and applies the expiry policy:
 * rejects at once, or remembers that something was stale (upstream's
 * {@code collateral_expiration_status} "1").
 */
final class Freshness {
  private final Instant at;
  private final DcapPolicy.CollateralExpiry mode;
  private Instant earliestIssue;
  private Instant latestIssue;
  private Instant earliestExpiry;
  private boolean expired;

  Freshness(Instant at, DcapPolicy.CollateralExpiry mode) {
    this.at = at;
    this.mode = mode;
  }

  void item(String what, Instant issued, Instant expires) throws DcapRejectedException {
    earliestIssue = earliestIssue == null || issued.isBefore(earliestIssue) ? issued : earliestIssue;
    latestIssue = latestIssue == null || issued.isAfter(latestIssue) ? issued : latestIssue;
    earliestExpiry = earliestExpiry == null || expires.isBefore(earliestExpiry) ? expires : earliestExpiry;
    if (at.isBefore(issued) || at.isAfter(expires)) {
      if (mode == DcapPolicy.CollateralExpiry.REJECT) {
        throw new DcapRejectedException(DcapError.COLLATERAL_EXPIRED,
            what + " is valid " + issued + " .. " + expires + ", not at " + at);
      }
      expired = true;
    }
  }

  /** Dates only (the quote's own chain, judged strictly elsewhere). */
  void dates(Instant issued, Instant expires) {
    earliestIssue = earliestIssue == null || issued.isBefore(earliestIssue) ? issued : earliestIssue;
    latestIssue = latestIssue == null || issued.isAfter(latestIssue) ? issued : latestIssue;
    earliestExpiry = earliestExpiry == null || expires.isBefore(earliestExpiry) ? expires : earliestExpiry;
  }

  boolean expired() {
    return expired;
  }

  Instant earliestIssue() {
    return earliestIssue;
  }

  Instant latestIssue() {
    return latestIssue;
  }

  Instant earliestExpiry() {
    return earliestExpiry;
  }
}
