package dev.claviger.evidence.azure;

import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.Verifier;
import dev.claviger.evidence.azure.internal.AzVtpmCore;

/**
 * Verifier for upstream's {@code az-snp-vtpm} evidence (Azure confidential VM: vTPM quote + HCL
 * report), versions 0, 1 and 2. See {@code docs/tpm.md} for the checks and options. Thread-safe.
 */
public final class AzSnpVtpmVerifier implements Verifier {
  @Override
  public Tee tee() {
    return Tee.AZ_SNP_VTPM;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    return AzVtpmCore.verify(Tee.AZ_SNP_VTPM, evidence, reportData, initData, ctx);
  }
}
