package dev.claviger.evidence.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.Verifier;
import dev.claviger.evidence.VerifierAccess;

/**
 * INSECURE test verifier for upstream's {@code sampledevice} attester (an additional device of
 * class {@code gpu}). Checks only the exact report-data binding; disabled unless
 * {@code VerifierConfig.allowInsecureSample()}. Claims: {@code svn}, {@code report_data}.
 */
public final class SampleDeviceVerifier implements Verifier {

  @Override
  public Tee tee() {
    return Tee.SAMPLE_DEVICE;
  }

  @Override
  public VerifiedEvidence verify(
      Evidence evidence, ExpectedReportData reportData, ExpectedInitData initData,
      VerificationContext ctx) throws EvidenceRejectedException, EvidenceException {
    SampleBinding.requireOptIn(Tee.SAMPLE_DEVICE, ctx);
    SampleEvidence parsed = SampleEvidence.parse("sampledevice", evidence.json());
    VerifierAccess.Builder result = ctx.access().builder();
    SampleBinding.checkReportData(Tee.SAMPLE_DEVICE, parsed, reportData, result);

    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("svn", parsed.svn());
    claims.put("report_data", parsed.reportDataBase64());
    return result.device(TeeClass.GPU, claims).build();
  }
}
