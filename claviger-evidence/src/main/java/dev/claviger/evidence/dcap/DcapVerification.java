package dev.claviger.evidence.dcap;

import dev.claviger.evidence.dcap.internal.PckChain;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.TcbEvaluator;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A quote whose signatures, QE binding and PCK chain verified, with what the collateral said.
 *
 * @param quote the parsed quote
 * @param pck the verified PCK chain and its SGX extension
 * @param tcb the TCB verdict; empty when verified without TCB Info / QE Identity
 * @param collateralExpired whether any collateral item was outside its validity (policy REPORT)
 * @param earliestIssue earliest issue / not-before among the items used (chain included)
 * @param latestIssue latest issue / not-before
 * @param earliestExpiry earliest next-update / not-after
 * @param pckCrlNumber CRL number of the PCK CRL used, if any
 * @param rootCrlNumber CRL number of the Root CA CRL used, if any
 * @param tcbEvaluationDataNumber smaller of TCB Info's and QE Identity's numbers, if evaluated
 */
public record DcapVerification(Quote quote, PckChain pck, Optional<TcbEvaluator.Verdict> tcb,
    boolean collateralExpired, Instant earliestIssue, Instant latestIssue, Instant earliestExpiry,
    OptionalLong pckCrlNumber, OptionalLong rootCrlNumber, OptionalLong tcbEvaluationDataNumber) {

  /** The combined TCB status, when evaluated. */
  public Optional<TcbStatus> tcbStatus() {
    return tcb.map(TcbEvaluator.Verdict::status);
  }
}
