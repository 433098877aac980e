package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.DeviceClaims;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every NVIDIA corpus sample gives the verdict and values its MANIFEST.md states. */
class NvidiaCorpusTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void verify_hopperSample_matchesUpstreamClaims() throws Exception {
    ObjectNode ev = NvidiaCorpus.evidence("HOPPER", "1111-2222-33333-444444-555555",
        Files.readString(NvidiaCorpus.nvtrust().resolve("hopperAttestationReport.txt")).strip(),
        NvidiaCorpus.hopperChain());
    VerifiedEvidence v = NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, ev), ExpectedReportData.of(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE)),
        ExpectedInitData.NOT_PROVIDED, NOW);

    assertThat(v.devices()).hasSize(1);
    DeviceClaims d = v.devices().get(0);
    assertThat(d.teeClass()).isEqualTo(TeeClass.GPU);
    assertThat(v.reportDataHex()).contains(NvidiaCorpus.HOPPER_NONCE);
    JsonNode upstream = NvidiaCorpus.JSON.readTree(NvidiaCorpus.root().resolveSibling("conformance")
        .resolve("rego/trustee/deps/verifier/test_data/nvidia/hopperAttestationReport-claims.txt")
        .toFile());
    JsonNode c = d.claims();
    assertThat(c.get("arch")).isEqualTo(upstream.get("arch"));
    assertThat(c.get("uuid")).isEqualTo(upstream.get("uuid"));
    assertThat(c.get("measurements")).isEqualTo(upstream.get("measurements"));
    // Upstream's fixture predates its nvdec0_status / protected_pcie_status decoding ("U").
    Iterator<Map.Entry<String, JsonNode>> it = upstream.get("config").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("nvdec0_status") && !e.getKey().equals("protected_pcie_status")) {
        assertThat(c.get("config").get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(c.at("/config/driver_version").asText()).isEqualTo("550.90.07");
    assertThat(c.at("/config/vbios_version").asText()).isEqualTo("96.00.9f.00.01");
    assertThat(c.at("/config/fwid").asText()).isEqualTo("f5c384aebb579217a2c66b17ed0f28e6a9b8d639041acd7b4721cec004f7275494ba94bb5cdfdb3055ee051762b1f75d");
    assertThat(c.at("/config/protected_pcie_status").asText()).isEqualTo("55");
    assertThat(c.get("measurements").size()).isEqualTo(64);
    assertThat(c.get("verifier").asText()).isEqualTo("local");
    assertThat(c.get("driver_version").asText()).isEqualTo("550.90.07");
    assertThat(c.get("vbios_version").asText()).isEqualTo("96.00.9f.00.01");
  }

  @Test
  void verify_ppcieSamples_allDevicesVerifiedAsGpuAndSwitch() throws Exception {
    VerifiedEvidence v = NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, NvidiaCorpus.ppcieEvidence()),
        ExpectedReportData.of(NvidiaCorpus.hex(NvidiaCorpus.PPCIE_NONCE)),
        ExpectedInitData.NOT_PROVIDED, NOW);

    assertThat(v.devices()).hasSize(12);
    assertThat(v.devices()).filteredOn(d -> d.teeClass() == TeeClass.GPU).hasSize(8)
        .allSatisfy(d -> {
          assertThat(d.claims().at("/config/driver_version").asText()).isEqualTo("590.12");
          assertThat(d.claims().at("/config/vbios_version").asText()).isEqualTo("96.00.a5.00.01");
        });
    assertThat(v.devices()).filteredOn(d -> d.teeClass() == TeeClass.SWITCH).hasSize(4)
        .allSatisfy(d -> {
          assertThat(d.claims().get("arch").asText()).isEqualTo("LS10");
          assertThat(d.claims().at("/config/vbios_version").asText()).isEqualTo("96.10.73.00.01");
        });
  }

  @Test
  void verify_ppcieWithHopperNonce_rejectedNonceMismatch() throws Exception {
    assertThatThrownBy(() -> NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, NvidiaCorpus.ppcieEvidence()),
        ExpectedReportData.of(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE)),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.NONCE_MISMATCH));
  }

  @Test
  void verify_reportDataLongerThanNonce_truncatedTo32Bytes() throws Exception {
    byte[] digest = new byte[48];
    System.arraycopy(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE), 0, digest, 0, 32);
    digest[40] = 7;
    ObjectNode ev = NvidiaCorpus.evidence("hopper", "u",
        java.util.Base64.getEncoder().encodeToString(NvidiaCorpus.hopperReport()),
        NvidiaCorpus.hopperChain());
    VerifiedEvidence v = NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, ev), ExpectedReportData.of(digest), ExpectedInitData.NOT_PROVIDED, NOW);
    assertThat(v.reportDataHex()).contains(NvidiaCorpus.HOPPER_NONCE);
    assertThat(HexFormat.of().parseHex(v.reportDataHex().orElseThrow())).hasSize(32);
  }
}
