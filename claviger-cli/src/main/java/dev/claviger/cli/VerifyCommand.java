package dev.claviger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.Json;
import dev.claviger.evidence.DeviceClaims;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
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
import dev.claviger.evidence.nvidia.NvidiaEvidence;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
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
 * {@code claviger verify}: offline verification of TDX/SGX quotes, SNP reports, NVIDIA reports, CCA
 * tokens and TPM evidence. Prints one JSON
 * object {@code {"tee", "verified", "error"?: {"type", "detail"}, "tcb_status", "claims"?}};
 * exit 0 when verified, 1 when rejected, 2 on a usage error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify TDX/SGX quotes (Intel DCAP), SEV-SNP reports, NVIDIA GPU/NVSwitch reports, Arm CCA tokens"
          + " or TPM / Azure vTPM evidence offline and print the verdict as JSON.",
      "EVIDENCE may be the raw quote, its hex or base64 text, or upstream evidence JSON {\"quote\": ...}.",
      "Without --collateral only the signatures, QE binding and PCK chain are checked (tcb_status null).",
      "snp: --collateral DIR holds VCEKs/VLEKs (DER or PEM) when the evidence has no cert_chain.",
      "nvidia: --collateral is the device chain (PEM file), or a DIR with it and signed RIMs;"
          + " the requester nonce is NOT checked (no expected nonce on the command line).",
      "cca: --anchors DIR holds the CPAK public keys (required)."
    })
public final class VerifyCommand implements Callable<Integer> {
  private static final int NVIDIA_MAX_INPUT = 4 << 20;
  private static final int NVIDIA_MAX_CHAIN = 64 << 10;

  @Option(names = "--tee", required = true, paramLabel = "tdx|sgx|snp|nvidia|cca|tpm|az-snp-vtpm|az-tdx-vtpm",
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
    if (t.equals("nvidia")) {
      return nvidia(instant());
    }
    if (!t.equals("tdx") && !t.equals("sgx")) {
      throw new Main.UsageException(
          "--tee must be tdx, sgx, snp, nvidia, cca, tpm, az-snp-vtpm or az-tdx-vtpm, not '" + tee + "'");
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

  /**
   * NVIDIA, through the same {@code nvidia} verifier the Attestation Service uses. The CLI has no
   * expected nonce, so each report is checked against the first report's own requester nonce:
   * signature, chain, FWID (and RIMs) are verified; freshness is not.
   */
  private int nvidia(Instant when) throws Main.UsageException, IOException {
    byte[] input = Inputs.read(evidence, NVIDIA_MAX_INPUT, "evidence");
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    byte[] chain = nvidiaCollateral(options);
    String head = new String(input, 0, Math.min(input.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1).strip();
    if (chain == null && !head.startsWith("{") && !head.startsWith("[")) {
      throw new Main.UsageException("a bare NVIDIA report needs its device chain: --collateral FILE|DIR");
    }
    if (anchors != null) {
      options.set("device_roots", pemFiles(anchors, "--anchors"));
    }
    try {
      NvidiaEvidence ev = NvidiaEvidence.decode(input, chain);
      byte[] nonce = SpdmReport.parse(ev.devices().get(0).report()).requesterNonce();
      VerifiedEvidence v = VerifierRegistry.load(VerifierConfig.defaults()
              .withOptions("nvidia_verifier", options))
          .verify(new Evidence(Tee.NVIDIA, ev.toJson()), ExpectedReportData.of(nonce),
              ExpectedInitData.NOT_PROVIDED, when);
      ObjectNode claims = JsonNodeFactory.instance.objectNode();
      claims.put("nonce", java.util.HexFormat.of().formatHex(nonce));
      claims.put("nonce_checked", false);
      var devices = claims.putArray("devices");
      for (DeviceClaims d : v.devices()) {
        ObjectNode c = devices.addObject().put("class", d.teeClass().wireName());
        c.setAll((ObjectNode) d.claims());
        // The nonce was compared with itself: the verifier's nonce-match claim would mislead here.
        c.remove("x-nvidia-" + d.teeClass().wireName() + "-attestation-report-nonce-match");
      }
      return print(verified("nvidia", claims));
    } catch (NvidiaRejectedException e) {
      return print(rejected("nvidia", e.error().name(), e.getMessage()));
    } catch (EvidenceRejectedException e) {
      return print(rejected("nvidia", "REJECTED", e.getMessage()));
    } catch (EvidenceException e) {
      throw new Main.UsageException("--anchors/--collateral: " + e.getMessage());
    }
  }

  /** The device chain of {@code --collateral} (file, or the one PEM chain in a DIR), RIM dir into {@code options}. */
  private byte[] nvidiaCollateral(ObjectNode options) throws Main.UsageException, IOException {
    if (collateral == null) {
      return null;
    }
    if (!Files.isDirectory(collateral)) {
      return Inputs.read(collateral, NVIDIA_MAX_CHAIN, "--collateral");
    }
    byte[] chain = null;
    boolean rims = false;
    try (var files = Files.list(collateral)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".swidtag") || name.endsWith(".xml")) {
          rims = true;
        } else if (Files.isRegularFile(f) && Files.size(f) <= NVIDIA_MAX_CHAIN
            && Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
          if (chain != null) {
            throw new Main.UsageException("--collateral: more than one PEM chain in " + collateral);
          }
          chain = Files.readAllBytes(f);
        }
      }
    }
    if (rims) {
      options.put("rim_dir", collateral.toString());
    }
    return chain;
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode pemFiles(Path dir, String option)
      throws Main.UsageException, IOException {
    if (!Files.isDirectory(dir)) {
      throw new Main.UsageException(option + ": not a directory: " + dir);
    }
    var out = JsonNodeFactory.instance.arrayNode();
    try (var files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted()
          .forEach(f -> out.add(f.toString()));
    }
    if (out.isEmpty()) {
      throw new Main.UsageException(option + ": no *.pem root in " + dir);
    }
    return out;
  }

  /** The one JSON result shape of {@code claviger verify}, for every TEE. */
  static ObjectNode verified(String tee, JsonNode claims) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("tee", tee);
    out.put("verified", true);
    out.putNull("tcb_status");
    out.set("claims", claims);
    return out;
  }

  static ObjectNode rejected(String tee, String type, String detail) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("tee", tee);
    out.put("verified", false);
    ObjectNode err = out.putObject("error");
    err.put("type", type);
    err.put("detail", detail);
    out.putNull("tcb_status");
    return out;
  }

  static int print(ObjectNode out) {
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
