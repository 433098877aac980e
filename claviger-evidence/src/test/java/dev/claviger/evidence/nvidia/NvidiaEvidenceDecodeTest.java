package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The CLI's evidence forms: upstream JSON, nvtrust's list, raw / hex / base64 report + chain. */
class NvidiaEvidenceDecodeTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private static void assertVerifies(NvidiaEvidence ev, String nonce, int devices) throws Exception {
    assertThat(NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, ev.toJson()), ExpectedReportData.of(NvidiaCorpus.hex(nonce)),
        ExpectedInitData.NOT_PROVIDED, NOW).devices()).hasSize(devices);
  }

  @Test
  void decode_rawHexAndBase64Report_archFromLeaf() throws Exception {
    byte[] raw = NvidiaCorpus.hopperReport();
    byte[] chain = NvidiaCorpus.hopperChain();
    for (byte[] form : new byte[][] {raw,
        Files.readAllBytes(NvidiaCorpus.nvtrust().resolve("hopperAttestationReport.txt")),
        Base64.getEncoder().encode(raw)}) {
      NvidiaEvidence ev = NvidiaEvidence.decode(form, chain);
      assertThat(ev.devices().get(0).arch()).isEqualTo(NvidiaEvidence.Arch.HOPPER);
      assertVerifies(ev, NvidiaCorpus.HOPPER_NONCE, 1);
    }
  }

  @Test
  void decode_nvtrustList_allDevices() throws Exception {
    NvidiaEvidence ev = NvidiaEvidence.decode(Files.readAllBytes(
        NvidiaCorpus.nvtrust().resolve("ppcie/switch_evidence.json")), null);
    assertThat(ev.devices()).hasSize(4).allSatisfy(
        d -> assertThat(d.arch()).isEqualTo(NvidiaEvidence.Arch.LS10));
    assertVerifies(ev, NvidiaCorpus.PPCIE_NONCE, 4);
  }

  @Test
  void decode_bareReportWithoutChain_malformed() {
    assertThatThrownBy(() -> NvidiaEvidence.decode(NvidiaCorpus.hopperReport(), null))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.MALFORMED));
  }

  @Test
  void decode_brokenJsonOrText_malformed() {
    for (String s : new String[] {"{\"device_evidence_list\":", "[]", "not base64 !!"}) {
      assertThatThrownBy(() -> NvidiaEvidence.decode(s.getBytes(StandardCharsets.UTF_8),
          "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(NvidiaRejectedException.class);
    }
  }
}
