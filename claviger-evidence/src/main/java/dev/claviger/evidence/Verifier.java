package dev.claviger.evidence;

/**
 * Verifier SPI: one implementation per TEE, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.claviger.evidence.Verifier}. Implementations must be thread-safe and
 * have a public no-argument constructor.
 *
 * <p>A verifier checks the evidence's signatures and certificate chains, then its binding to the
 * expected report data and init data (using {@link Tee#reportDataRule()} and
 * {@link Tee#initDataRule()}), and returns the claims under upstream names. It records each binding
 * it checked on the result; the registry refuses a result that omits a requested report-data check.
 */
public interface Verifier {
  /** The TEE this verifier handles. */
  Tee tee();

  /**
   * Verifies one piece of evidence.
   *
   * @param evidence the evidence, for {@link #tee()}
   * @param reportData the expected report-data digest, or {@link ExpectedReportData#NOT_PROVIDED}
   * @param initData the expected init-data digest, or {@link ExpectedInitData#NOT_PROVIDED}
   * @param ctx evaluation instant, configuration, and the capability to build the result
   * @throws EvidenceRejectedException the evidence is malformed, forged or not bound as expected
   * @throws EvidenceException verification could not be carried out (our failure)
   */
  VerifiedEvidence verify(
      Evidence evidence, ExpectedReportData reportData, ExpectedInitData initData,
      VerificationContext ctx) throws EvidenceRejectedException, EvidenceException;
}
