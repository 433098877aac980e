package dev.claviger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.Json;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.cca.CcaRejectedException;
import dev.claviger.evidence.cca.CcaToken;
import dev.claviger.evidence.cca.CcaTrustAnchors;
import dev.claviger.evidence.cca.CcaVerifier;
import dev.claviger.evidence.dcap.Collateral;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapQuoteVerifier;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.QuoteInput;
import dev.claviger.evidence.dcap.TrustAnchors;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import dev.claviger.evidence.sgx.SgxClaims;
import dev.claviger.evidence.snp.AmdTrustAnchors;
import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.snp.SnpPolicy;
import dev.claviger.evidence.snp.SnpRejectedException;
import dev.claviger.evidence.snp.SnpReportVerifier;
import dev.claviger.evidence.snp.SnpVerification;
import dev.claviger.evidence.snp.VekSources;
import dev.claviger.evidence.tdx.TdxClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code claviger verify}: offline Intel DCAP verification of a TDX or SGX quote. Prints one JSON
 * object {@code {"tee", "verified", "error"?: {"type", "detail"}, "tcb_status", "claims"?}};
 * exit 0 when verified, 1 when rejected, 2 on a usage error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify TDX/SGX quotes (Intel DCAP) or TPM / Azure vTPM evidence offline and print the verdict as JSON.",
      "EVIDENCE may be the raw quote, its hex or base64 text, or upstream evidence JSON {\"quote\": ...}.",
      "Without --collateral only the signatures, QE binding and PCK chain are checked (tcb_status null)."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--tee", required = true, paramLabel = "tdx|sgx|snp|cca|tpm|az-snp-vtpm|az-tdx-vtpm",
      description = "TEE of the evidence.")
  String tee;

  @Mixin TpmVerifyOptions tpm;

  @Option(names = "--evidence", required = true, paramLabel = "FILE", description = "The quote or evidence.")
  Path evidence;

  @Option(names = "--collateral", paramLabel = "DIR",
      description = "Offline collateral directory: PCS responses, issuer chains, CRLs, dcap-qvl or PCS-tool JSON.")
  Path collateral;

  @Option(names = "--anchors", paramLabel = "DIR",
      description = "Directory with the Intel SGX Root CA (pinned by fingerprint); default: built-in copy.")
  Path anchors;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "Evaluation instant (ISO-8601, e.g. 2025-07-19T10:00:00Z); default: now.")
  String at;

  @Option(names = "--allow-missing-crls", description = "Do not require the Root CA and PCK CRLs.")
  boolean allowMissingCrls;

  @Option(names = "--report-expired-collateral",
      description = "Report expired collateral in collateral_expiration_status instead of rejecting.")
  boolean reportExpired;

  @Override
  public Integer call() throws Exception {
    CryptoProviders.install();
    String t = tee.toLowerCase(Locale.ROOT);
    if (TpmVerifyOptions.handles(t)) {
      return tpm.run(t, evidence, instant());
    }
    if (t.equals("snp")) {
      return snp(instant());
    }
    if (t.equals("cca")) {
      return cca();
    }
    if (!t.equals("tdx") && !t.equals("sgx")) {
      throw new Main.UsageException(
          "--tee must be tdx, sgx, snp, cca, tpm, az-snp-vtpm or az-tdx-vtpm, not '" + tee + "'");
    }
    Instant when = instant();
    byte[] input = Inputs.read(evidence, QuoteInput.MAX_INPUT, "evidence");
    DcapQuoteVerifier verifier = new DcapQuoteVerifier(anchors(), collateral());
    DcapPolicy policy = collateral == null ? DcapPolicy.bestEffort() : DcapPolicy.strict()
        .withRequireCrls(!allowMissingCrls)
        .withExpiry(reportExpired ? DcapPolicy.CollateralExpiry.REPORT : DcapPolicy.CollateralExpiry.REJECT);
    try {
      Quote q = QuoteParser.parse(QuoteInput.decode(input));
      if (q.isTdx() != t.equals("tdx")) {
        throw new DcapRejectedException(dev.claviger.evidence.dcap.DcapError.UNSUPPORTED_QUOTE,
            "the quote is a" + (q.isTdx() ? " TDX" : "n SGX") + " quote, not " + t);
      }
      DcapVerification v = verifier.verify(q, when, policy);
      ObjectNode out = verified(t, t.equals("tdx") ? TdxClaims.of(v) : SgxClaims.of(v));
      v.tcbStatus().ifPresent(s -> out.put("tcb_status", s.wireName()));
      return print(out);
    } catch (DcapRejectedException e) {
      return print(rejected(t, e.error().name(), e.detail()));
    }
  }

  /** SNP: {@code --anchors} holds AMD ARK/ASK/ASVK (default: built-in), {@code --collateral} VCEKs/VLEKs. */
  private int snp(Instant when) throws Main.UsageException, IOException {
    byte[] input = Inputs.read(evidence, SnpEvidence.MAX_INPUT, "evidence");
    SnpReportVerifier verifier;
    try {
      AmdTrustAnchors amd = anchors == null
          ? AmdTrustAnchors.productionBuiltIn(List.of())
          : AmdTrustAnchors.fromDirectory(anchors);
      verifier = new SnpReportVerifier(amd,
          collateral == null ? List.of() : List.of(VekSources.directory(collateral)));
    } catch (EvidenceException e) {
      throw new Main.UsageException("--anchors/--collateral: " + e.getMessage());
    }
    try {
      SnpVerification v = verifier.verify(SnpEvidence.decode(input), when, SnpPolicy.strict());
      return print(verified("snp", v.claims()));
    } catch (SnpRejectedException e) {
      return print(rejected("snp", e.error().name(), e.getMessage()));
    } catch (EvidenceException e) {
      throw new IOException("VCEK source failed: " + e.getMessage(), e);
    }
  }

  /** CCA: {@code --anchors} holds the CPAK public keys; tokens carry no time, so no {@code --at}. */
  private int cca() throws Main.UsageException, IOException {
    if (anchors == null) {
      throw new Main.UsageException("--anchors DIR (CPAK public keys) is required for cca");
    }
    byte[] input = Inputs.read(evidence, 4 * CcaToken.MAX_TOKEN_BYTES, "evidence");
    CcaTrustAnchors cpaks;
    try {
      cpaks = CcaTrustAnchors.fromDirectory(anchors);
    } catch (EvidenceException e) {
      throw new Main.UsageException("--anchors: " + e.getMessage());
    }
    try {
      return print(verified("cca", CcaVerifier.verifyToken(CcaToken.decodeAny(input), cpaks)));
    } catch (CcaRejectedException e) {
      return print(rejected("cca", e.error().name(), e.getMessage()));
    } catch (EvidenceException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static ObjectNode verified(String tee, ObjectNode claims) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("tee", tee);
    out.put("verified", true);
    out.putNull("tcb_status");
    out.set("claims", claims);
    return out;
  }

  private static ObjectNode rejected(String tee, String type, String detail) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("tee", tee);
    out.put("verified", false);
    ObjectNode err = out.putObject("error");
    err.put("type", type);
    err.put("detail", detail);
    out.putNull("tcb_status");
    return out;
  }

  private static int print(ObjectNode out) {
    Streams.out().println(Json.write(out));
    Streams.out().flush();
    return out.get("verified").booleanValue() ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private Instant instant() throws Main.UsageException {
    if (at == null) {
      return Instant.now();
    }
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw new Main.UsageException("--at: not an ISO-8601 instant: " + at);
    }
  }

  private TrustAnchors anchors() throws Main.UsageException {
    if (anchors == null) {
      return TrustAnchors.intelBuiltIn();
    }
    try {
      return TrustAnchors.fromDirectory(anchors);
    } catch (EvidenceException e) {
      throw new Main.UsageException("--anchors: " + e.getMessage());
    }
  }

  private Collateral collateral() throws Main.UsageException {
    if (collateral == null) {
      return Collateral.empty();
    }
    if (!Files.isDirectory(collateral)) {
      throw new Main.UsageException("--collateral: not a directory: " + collateral);
    }
    try {
      return Collateral.fromDirectory(collateral);
    } catch (EvidenceException e) {
      throw new Main.UsageException("--collateral: " + e.getMessage());
    }
  }
}
