package dev.claviger.evidence.dcap;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a DCAP verification demands beyond signatures and chains.
 *
 * @param expiry what to do when TCB Info, QE Identity, a CRL or a collateral issuer certificate is
 *     outside its validity at the instant: reject (default), or report it in
 *     {@code collateral_expiration_status} as Intel's library does
 * @param requireCrls reject when the Root CA CRL or the PCK CRL is absent
 * @param requireTcbEvaluation reject when TCB Info or QE Identity is absent; when false and they
 *     are absent, the result is a chain-and-signature verification without a TCB status
 * @param acceptedStatuses combined TCB statuses that pass; others fail with
 *     {@link DcapError#TCB_STATUS_REJECTED}
 */
public record DcapPolicy(CollateralExpiry expiry, boolean requireCrls, boolean requireTcbEvaluation,
    Set<TcbStatus> acceptedStatuses) {

  /** Expiry handling. */
  public enum CollateralExpiry { REJECT, REPORT }

  public DcapPolicy {
    Objects.requireNonNull(expiry, "expiry");
    acceptedStatuses = Set.copyOf(acceptedStatuses);
  }

  /** Fail-closed default: all collateral required and current; every status but Revoked accepted. */
  public static DcapPolicy strict() {
    return new DcapPolicy(CollateralExpiry.REJECT, true, true, defaultAccepted());
  }

  /** Checks what is available: missing collateral skips its checks, expiry is only reported. */
  public static DcapPolicy bestEffort() {
    return new DcapPolicy(CollateralExpiry.REPORT, false, false, defaultAccepted());
  }

  public DcapPolicy withExpiry(CollateralExpiry e) {
    return new DcapPolicy(e, requireCrls, requireTcbEvaluation, acceptedStatuses);
  }

  public DcapPolicy withRequireCrls(boolean b) {
    return new DcapPolicy(expiry, b, requireTcbEvaluation, acceptedStatuses);
  }

  public DcapPolicy withRequireTcbEvaluation(boolean b) {
    return new DcapPolicy(expiry, requireCrls, b, acceptedStatuses);
  }

  private static Set<TcbStatus> defaultAccepted() {
    EnumSet<TcbStatus> s = EnumSet.allOf(TcbStatus.class);
    s.remove(TcbStatus.REVOKED);
    return s;
  }
}
