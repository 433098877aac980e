package dev.claviger.evidence.snp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import dev.claviger.evidence.snp.internal.SnpSettings;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The {@code snp} verifier of the Verifier SPI. Configuration block {@code snp_verifier}:
 *
 * <pre>{@code
 * {"anchors_dir": "/etc/claviger/amd",          // ARK/ASK/ASVK (+ *.crl); default: built in
 *  "ark_sha256": ["69d0..."],                    // optional: pins replacing the production ARKs
 *  "vcek_sources": [{"type": "OfflineStore", "path": "/var/lib/claviger/kds-store"}],
 *  "max_vmpl": 0, "allow_debug": false, "allow_migrate_ma": false, "require_crl": false}
 * }</pre>
 *
 * <p>Report data binds as upstream: the expected digest zero-padded/truncated to 64 bytes equals
 * REPORT_DATA; init data likewise to 32 bytes equals HOST_DATA. Claims are upstream's. Thread-safe.
 */
public final class SnpVerifier implements Verifier {
  private volatile SnpSettings settings;

  @Override
  public Tee tee() {
    return Tee.SNP;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    Objects.requireNonNull(evidence, "evidence");
    SnpSettings s = settings(ctx.config().options("snp_verifier")
        .orElse(JsonNodeFactory.instance.objectNode()));
    SnpEvidence parsed = SnpEvidence.fromJson(evidence.json());
    SnpVerification v = s.verifier().verify(parsed, ctx.now(), s.policy());
    VerifierAccess.Builder result = ctx.access().builder();
    bindReportData(v.report(), reportData, result);
    bindInitData(v.report(), initData, result);
    return result.device(TeeClass.CPU, v.claims()).build();
  }

  private SnpSettings settings(JsonNode config) throws EvidenceException {
    SnpSettings s = settings;
    if (s == null || !s.config().equals(config)) {
      s = SnpSettings.from(config);
      settings = s;
    }
    return s;
  }

  private static void bindReportData(SnpReport report, ExpectedReportData expected,
      VerifierAccess.Builder result) throws SnpRejectedException {
    if (!expected.isProvided()) {
      return;
    }
    byte[] want = Tee.SNP.reportDataRule().expectedField(expected.digest().orElseThrow());
    byte[] got = report.reportData();
    if (!MessageDigest.isEqual(want, got)) {
      throw new SnpRejectedException(SnpError.REPORT_DATA_MISMATCH,
          "REPORT_DATA does not match the expected runtime-data digest");
    }
    result.boundReportData(got);
  }

  private static void bindInitData(SnpReport report, ExpectedInitData expected,
      VerifierAccess.Builder result) throws SnpRejectedException {
    if (!expected.isProvided()) {
      return;
    }
    byte[] digest = expected.digest().orElseThrow();
    if (!MessageDigest.isEqual(Tee.SNP.initDataRule().expectedField(digest), report.hostData())) {
      throw new SnpRejectedException(SnpError.INIT_DATA_MISMATCH,
          "HOST_DATA does not match the init-data digest");
    }
    result.boundInitData(digest);
  }
}
