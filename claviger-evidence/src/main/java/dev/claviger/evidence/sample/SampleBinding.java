package dev.claviger.evidence.sample;

import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierAccess;
import java.security.MessageDigest;

/** The report-data check both sample verifiers share. */
final class SampleBinding {
  private SampleBinding() {}

  static void checkReportData(
      Tee tee, SampleEvidence evidence, ExpectedReportData expected, VerifierAccess.Builder result)
      throws EvidenceRejectedException {
    if (!expected.isProvided()) {
      return;
    }
    byte[] want = tee.reportDataRule().expectedField(expected.digest().orElseThrow());
    byte[] got = evidence.reportData(tee.wireName());
    if (!MessageDigest.isEqual(want, got)) {
      throw new EvidenceRejectedException(tee.wireName()
          + " evidence: report_data does not match the expected runtime-data digest");
    }
    result.boundReportData(got);
  }

  static void requireOptIn(Tee tee, dev.claviger.evidence.VerificationContext ctx)
      throws dev.claviger.evidence.EvidenceException {
    if (!ctx.config().insecureSampleAllowed()) {
      throw new dev.claviger.evidence.EvidenceException(
          "the " + tee.wireName() + " verifier is disabled (allowInsecureSample not set)");
    }
  }
}
