package dev.claviger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.tpm.TpmRejectedException;
import dev.claviger.evidence.tpm.TpmVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The TPM / Azure vTPM branch of {@code claviger verify} ({@code --tee tpm|az-snp-vtpm|
 * az-tdx-vtpm}), as a picocli mixin for {@link VerifyCommand}. Runs the evidence through the
 * {@link VerifierRegistry} with a configuration built from the options, and prints the same JSON
 * shape as the DCAP branch: {@code {"tee","verified","error"?:{"type","detail"},"claims"?}}.
 */
final class TpmVerifyOptions {
  static final Set<String> TEES = Set.of("tpm", "az-snp-vtpm", "az-tdx-vtpm");
  static final int MAX_EVIDENCE = 4 << 20;
  static final int MAX_EVENT_LOG = 16 << 20;

  @Option(names = "--eventlog", paramLabel = "FILE",
      description = "tpm: TCG PC Client event log (binary_bios_measurements) to replay against the quote.")
  Path eventLog;

  @Option(names = "--ak-anchors", paramLabel = "DIR",
      description = "tpm: AK CA certificates (.crt/.cer/.pem/.der) and trusted AK keys (.pub).")
  Path akAnchors;

  @Option(names = "--report-data", paramLabel = "HEX",
      description = "Expected report data (runtime-data digest); tpm fits it to 32 bytes.")
  String reportData;

  @Option(names = "--init-data", paramLabel = "HEX",
      description = "Expected init-data digest (checked against PCR 8).")
  String initData;

  @Option(names = "--amd-anchors", paramLabel = "DIR",
      description = "az-snp-vtpm: AMD ARK/ASK directory to verify the SNP report in the HCL report.")
  Path amdAnchors;

  @Option(names = "--allow-unverified-hardware-report",
      description = "az-*: accept when the SNP/TDX report cannot be verified (claims say so).")
  boolean allowUnverified;

  static boolean handles(String tee) {
    return TEES.contains(tee);
  }

  int run(String tee, Path evidenceFile, Instant at) throws Main.UsageException, IOException {
    Tee t = Tee.fromWire(tee).orElseThrow(() -> new Main.UsageException("unknown TEE " + tee));
    JsonNode json = evidence(t, evidenceFile);
    try {
      VerifiedEvidence v = VerifierRegistry.load(config()).verify(new Evidence(t, json),
          reportData == null ? ExpectedReportData.NOT_PROVIDED : ExpectedReportData.of(hex(reportData, "--report-data")),
          initData == null ? ExpectedInitData.NOT_PROVIDED : ExpectedInitData.of(hex(initData, "--init-data")),
          at);
      return VerifyCommand.print(VerifyCommand.verified(tee, v.devices().get(0).claims()));
    } catch (EvidenceRejectedException e) {
      String type = e instanceof TpmRejectedException r ? r.error().name() : "REJECTED";
      return VerifyCommand.print(VerifyCommand.rejected(tee, type, e.getMessage()));
    } catch (EvidenceException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private JsonNode evidence(Tee t, Path file) throws Main.UsageException, IOException {
    JsonNode json;
    try {
      json = Json.parse(Inputs.read(file, MAX_EVIDENCE, "evidence"));
    } catch (MalformedInputException e) {
      throw new Main.UsageException("--evidence: not JSON: " + e.getMessage());
    }
    if (eventLog != null) {
      if (t != Tee.TPM || !json.isObject()) {
        throw new Main.UsageException("--eventlog applies to --tee tpm evidence only");
      }
      ((ObjectNode) json).put("eventlog",
          Base64s.encodeStd(Inputs.read(eventLog, MAX_EVENT_LOG, "event log")));
    }
    return json;
  }

  private VerifierConfig config() {
    VerifierConfig c = VerifierConfig.defaults();
    ObjectNode tpm = JsonNodeFactory.instance.objectNode();
    if (akAnchors != null) {
      tpm.put("ak_anchors_dir", akAnchors.toString());
    }
    c = c.withOptions(TpmVerifier.OPTIONS, tpm);
    ObjectNode az = JsonNodeFactory.instance.objectNode();
    az.put("allow_unverified_hardware_report", allowUnverified);
    c = c.withOptions("az_vtpm_verifier", az);
    if (amdAnchors != null) {
      ObjectNode snp = JsonNodeFactory.instance.objectNode();
      snp.put("anchors_dir", amdAnchors.toString());
      c = c.withOptions("snp_verifier", snp);
    }
    return c;
  }

  private static byte[] hex(String text, String option) throws Main.UsageException {
    try {
      return Hex.decode(text);
    } catch (MalformedInputException e) {
      throw new Main.UsageException(option + ": " + e.getMessage());
    }
  }
}
