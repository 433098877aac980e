package dev.claviger.evidence.azure.internal;

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
import dev.claviger.evidence.VerifierAccess;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRejectedException;
import dev.claviger.evidence.tpm.internal.QuoteBindings;
import dev.claviger.evidence.tpm.internal.QuoteVerifier;
import dev.claviger.evidence.tpm.internal.QuotedPcrs;
import dev.claviger.evidence.tpm.internal.TpmSettings;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** The shared az-snp-vtpm / az-tdx-vtpm verification. */
public final class AzVtpmCore {
  public static final String OPTIONS = "az_vtpm_verifier";

  private AzVtpmCore() {}

  public static VerifiedEvidence verify(Tee tee, Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    boolean snp = tee == Tee.AZ_SNP_VTPM;
    TpmSettings settings = TpmSettings.from(ctx.config().options(OPTIONS));
    AzEvidence ev = AzEvidence.parse(evidence.json(), snp);
    HclReport hcl = HclReport.parse(ev.hclReport());
    if (hcl.type() != (snp ? HclReport.Type.SNP : HclReport.Type.TDX)) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "HCL report holds a " + hcl.type() + " report, not what " + tee + " requires");
    }
    byte[] varHash = TpmHashAlg.SHA256.digest(hcl.variableData());
    if (!MessageDigest.isEqual(Arrays.copyOf(hcl.hardwareReportData(), 32), varHash)) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "hardware REPORT_DATA[0..32] is not SHA-256 of the runtime claims");
    }
    RuntimeClaims rc = RuntimeClaims.parse(hcl.variableData());
    TpmsAttest attest = TpmsAttest.parse(ev.message());
    QuotedPcrs pcrs = QuoteVerifier.verify(attest,
        TpmtSignature.bareRsassa(ev.signature(), TpmHashAlg.SHA256), rc.akPub(), ev.pcrs());
    VerifierAccess.Builder result = ctx.access().builder();
    QuoteBindings.nonce(tee, attest, reportData, result);
    userData(ev.version(), rc, reportData);
    QuoteBindings.initData(tee, pcrs, initData, result);

    ObjectNode claims = hardware(snp, hcl, ev, varHash, settings, ctx);
    claims.put("report_data", HexFormat.of().formatHex(attest.extraData()));
    pcrs.value(TpmHashAlg.SHA256, QuoteBindings.INIT_DATA_PCR)
        .ifPresent(v -> claims.put("init_data", HexFormat.of().formatHex(v)));
    ObjectNode tpm = claims.putObject("tpm");
    QuoteBindings.pcrClaims(pcrs, tpm);
    claims.set("runtime_claims", rc.json());
    return result.device(TeeClass.CPU, claims).build();
  }

  /** v2: the runtime claims' user-data starts with the report data (the nonce in the HCL). */
  private static void userData(int version, RuntimeClaims rc, ExpectedReportData expected)
      throws TpmRejectedException {
    if (version < 2 || !expected.isProvided()) {
      return;
    }
    byte[] want = expected.digest().orElseThrow();
    byte[] got = rc.userData().orElseThrow(() -> new TpmRejectedException(
        TpmError.HCL_BINDING_MISMATCH, "v2 evidence without user-data in the runtime claims"));
    if (got.length < want.length
        || !MessageDigest.isEqual(Arrays.copyOf(got, want.length), want)) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "runtime claims user-data does not begin with the report data");
    }
  }

  private static ObjectNode hardware(boolean snp, HclReport hcl, AzEvidence ev, byte[] varHash,
      TpmSettings settings, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    Optional<ObjectNode> verified = Optional.empty();
    if (snp) {
      verified = HardwareReports.snp(hcl, ev.endorsement(), ctx.config().options("snp_verifier"),
          ctx.now());
    } else {
      verified = HardwareReports.tdx(ev.endorsement(), varHash, ctx.config(), ctx.now());
    }
    if (verified.isPresent()) {
      ObjectNode c = verified.get();
      c.put("hardware_report_verified", true);
      return c;
    }
    if (!settings.allowUnverifiedHardwareReport()) {
      throw new TpmRejectedException(TpmError.HARDWARE_REPORT_UNVERIFIED, (snp
          ? "no SNP anchors configured (snp_verifier.anchors_dir)"
          : "no TD quote, or no dcap_verifier configured to verify it")
          + "; the AK cannot be trusted without it (az_vtpm_verifier."
          + "allow_unverified_hardware_report waives this)");
    }
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("hardware_report_verified", false);
    ObjectNode u = c.putObject("unverified_hardware_report");
    u.put("type", hcl.type().name().toLowerCase(java.util.Locale.ROOT));
    u.put("report", HexFormat.of().formatHex(hcl.hardwareReport()));
    return c;
  }
}
