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
import java.util.Base64;

/**
 * INSECURE test verifier for upstream's {@code sample} attester. It checks no signature: anyone
 * can forge its evidence. Only the report-data binding is checked (exact equality). Disabled
 * unless {@code VerifierConfig.allowInsecureSample()}; the default CPU policy never affirms it.
 *
 * <p>Claims match upstream's: {@code svn}, {@code report_data}, fixed {@code launch_digest},
 * {@code platform_version} and {@code debug}, plus {@code init_data} (std base64 of the digest)
 * echoed unverified when init data was sent, so init-data features can be exercised in tests.
 */
public final class SampleVerifier implements Verifier {

  @Override
  public Tee tee() {
    return Tee.SAMPLE;
  }

  @Override
  public VerifiedEvidence verify(
      Evidence evidence, ExpectedReportData reportData, ExpectedInitData initData,
      VerificationContext ctx) throws EvidenceRejectedException, EvidenceException {
    SampleBinding.requireOptIn(Tee.SAMPLE, ctx);
    SampleEvidence parsed = SampleEvidence.parse("sample", evidence.json());
    VerifierAccess.Builder result = ctx.access().builder();
    SampleBinding.checkReportData(Tee.SAMPLE, parsed, reportData, result);

    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("svn", parsed.svn());
    claims.put("report_data", parsed.reportDataBase64());
    claims.put("launch_digest", "abcde");
    ObjectNode version = claims.putObject("platform_version");
    version.put("major", 1);
    version.put("minor", 4);
    claims.put("debug", false);
    if (initData.isProvided()) {
      byte[] digest = initData.digest().orElseThrow();
      claims.put("init_data", Base64.getEncoder().encodeToString(digest));
      result.boundInitData(digest);
    }
    return result.device(TeeClass.CPU, claims).build();
  }
}
