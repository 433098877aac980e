package dev.claviger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code claviger verify} run in-process over the shared evidence corpus (read in place). */
class VerifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOPPER_NONCE =
      "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path corpus;
  @TempDir Path tmp;

  @BeforeEach
  void setUp() {
    corpus = corpus();
  }

  /** ${claviger.shared}/evidence-corpus or ../shared from the reactor root; skip (fail under CI). */
  static Path corpus() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("claviger.shared");
    if (prop != null && !prop.isBlank()) {
      candidates.add(Path.of(prop, "evidence-corpus"));
    }
    candidates.add(Path.of("..", "..", "shared", "evidence-corpus"));
    candidates.add(Path.of("..", "shared", "evidence-corpus"));
    for (Path c : candidates) {
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail("evidence corpus not found; tried " + candidates);
    }
    return Assumptions.abort("evidence corpus not found (set -Dclaviger.shared); skipping");
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  private JsonNode output() throws Exception {
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  /** A collateral directory that links to corpus files, so they are still read in place. */
  private Path linkDir(String name, Path... files) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve(name));
    for (Path f : files) {
      Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
    }
    return dir;
  }

  private Path tampered(Path file, int pos) throws Exception {
    byte[] b = Files.readAllBytes(file);
    b[pos] ^= 0x01;
    return Files.write(tmp.resolve("tampered-" + file.getFileName()), b);
  }

  @Test
  void verify_tdxQuoteWithCollateral_upToDate() throws Exception {
    Path dcap = corpus.resolve("tdx/dcap-qvl");
    Path coll = linkDir("tdx", dcap.resolve("tdx_quote_collateral.json"));

    int code = run("verify", "--tee", "tdx", "--evidence", dcap.resolve("tdx_quote").toString(),
        "--collateral", coll.toString(), "--at", "2025-06-20T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    JsonNode o = output();
    assertThat(o.get("tee").textValue()).isEqualTo("tdx");
    assertThat(o.get("verified").booleanValue()).isTrue();
    assertThat(o.get("tcb_status").textValue()).isEqualTo("UpToDate");
  }

  @Test
  void verify_snpGenoaReportWithVcekCollateral_verified() throws Exception {
    Path oak = corpus.resolve("sev-snp/oak");
    Path coll = linkDir("snp", oak.resolve("genoa_oc_endorsements.vcek.der"));

    int code = run("verify", "--tee", "snp", "--evidence",
        oak.resolve("genoa_oc_evidence.report.bin").toString(), "--collateral", coll.toString(),
        "--at", "2025-09-01T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    assertThat(output().get("verified").booleanValue()).isTrue();
    assertThat(output().get("tee").textValue()).isEqualTo("snp");
  }

  @Test
  void verify_ccaTokenWithCorpusCpak_verified() throws Exception {
    int code = run("verify", "--tee", "cca", "--evidence",
        corpus.resolve("cca/ccatoken/cca_token.cbor").toString(),
        "--anchors", corpus.resolve("roots/arm-cca").toString());

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    assertThat(output().at("/claims/platform/cca-platform-lifecycle").intValue()).isEqualTo(12291);
  }

  @Test
  void verify_nvidiaRawReportWithChainFile_verified() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");

    int code = run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString(),
        "--collateral", nv.resolve("hopperCertChain.txt").toString(),
        "--at", "2026-04-20T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    JsonNode o = output();
    assertThat(o.get("tee").textValue()).isEqualTo("nvidia");
    assertThat(o.get("verified").booleanValue()).isTrue();
    assertThat(o.at("/claims/nonce").textValue()).isEqualTo(HOPPER_NONCE);
    assertThat(o.at("/claims/nonce_checked").booleanValue()).isFalse();
    assertThat(o.at("/claims/devices").size()).isEqualTo(1);
    JsonNode gpu = o.at("/claims/devices/0");
    assertThat(gpu.get("class").textValue()).isEqualTo("gpu");
    assertThat(gpu.get("arch").textValue()).isEqualTo("Hopper");
    assertThat(gpu.at("/config/driver_version").textValue()).isEqualTo("550.90.07");
    assertThat(gpu.get("x-nvidia-gpu-attestation-report-signature-verified").booleanValue()).isTrue();
    assertThat(gpu.has("x-nvidia-gpu-attestation-report-nonce-match")).isFalse();
  }

  @Test
  void verify_nvidiaPpcieSwitchEvidenceJson_fourSwitchesVerified() throws Exception {
    Path ppcie = corpus.resolve("nvidia/nvtrust/ppcie");
    int code = run("verify", "--tee", "nvidia", "--evidence",
        ppcie.resolve("switch_evidence.json").toString(), "--at", "2026-04-20T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    assertThat(output().at("/claims/devices").size()).isEqualTo(4);
    assertThat(output().at("/claims/devices/0/class").textValue()).isEqualTo("switch");
  }

  @Test
  void verify_nvidiaChainDirWithRims_rimClaims() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    Path coll = linkDir("nv", nv.resolve("hopperCertChain.txt"),
        nv.resolve("rims/Driver_RIM_test_no_gpu.swidtag"));

    int code = run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString(), "--collateral", coll.toString(),
        "--at", "2025-01-01T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    // The bundled RIMs are not this report's (driver 550.90.07): no successful comparison.
    assertThat(output().at("/claims/devices/0/rim/measres").textValue()).isNotEqualTo("success");
  }

  @Test
  void verify_nvidiaRawReportWithoutChain_usageError() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    int code = run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--collateral");
  }

  @Test
  void verify_nvidiaTamperedReport_rejected() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    byte[] hex = Files.readAllBytes(nv.resolve("hopperAttestationReport.txt"));
    // Hex text: change one digit inside the measurement record (byte ~200 of the report).
    hex[400] = (byte) (hex[400] == '0' ? '1' : '0');
    Path bad = Files.write(tmp.resolve("report.txt"), hex);

    int code = run("verify", "--tee", "nvidia", "--evidence", bad.toString(),
        "--collateral", nv.resolve("hopperCertChain.txt").toString(), "--at", "2026-04-20T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.REFUSED);
    JsonNode o = output();
    assertThat(o.get("verified").booleanValue()).isFalse();
    assertThat(o.at("/error/type").textValue()).isEqualTo("SIGNATURE_INVALID");
  }

  @Test
  void verify_nvidiaBeforeChainValidity_certExpired() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    int code = run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString(),
        "--collateral", nv.resolve("hopperCertChain.txt").toString(), "--at", "2019-01-01T00:00:00Z");
    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(output().at("/error/type").textValue()).isEqualTo("CERT_EXPIRED");
  }

  @Test
  void verify_tamperedSnpReport_rejected() throws Exception {
    Path oak = corpus.resolve("sev-snp/oak");
    Path coll = linkDir("snp", oak.resolve("genoa_oc_endorsements.vcek.der"));
    Path bad = tampered(oak.resolve("genoa_oc_evidence.report.bin"), 0x50);

    int code = run("verify", "--tee", "snp", "--evidence", bad.toString(),
        "--collateral", coll.toString(), "--at", "2025-09-01T00:00:00Z");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.REFUSED);
    assertThat(output().get("verified").booleanValue()).isFalse();
  }

  @Test
  void verify_tamperedCcaToken_rejected() throws Exception {
    Path bad = tampered(corpus.resolve("cca/ccatoken/cca_token.cbor"), 600);
    int code = run("verify", "--tee", "cca", "--evidence", bad.toString(),
        "--anchors", corpus.resolve("roots/arm-cca").toString());
    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.REFUSED);
    assertThat(output().get("verified").booleanValue()).isFalse();
  }

  @Test
  void verify_unknownTee_usageError() throws Exception {
    Path any = corpus.resolve("cca/ccatoken/cca_token.cbor");
    assertThat(run("verify", "--tee", "nvidia-gpu", "--evidence", any.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tee must be");
  }

  @Test
  void verify_badInstant_usageError() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    assertThat(run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString(), "--at", "yesterday"))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void verify_nvidiaUnpinnedAnchor_usageError() throws Exception {
    Path nv = corpus.resolve("nvidia/nvtrust");
    // The RIM root is a real NVIDIA root but not a pinned device root.
    Path anchors = linkDir("anchors", corpus.resolve("roots/nvidia/verifier_RIM_root.pem"));
    int code = run("verify", "--tee", "nvidia", "--evidence",
        nv.resolve("hopperAttestationReport.txt").toString(),
        "--collateral", nv.resolve("hopperCertChain.txt").toString(),
        "--anchors", anchors.toString(), "--at", "2026-04-20T00:00:00Z");
    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.USAGE);
  }
}
