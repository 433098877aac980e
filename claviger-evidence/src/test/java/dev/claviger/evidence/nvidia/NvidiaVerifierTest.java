package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The SPI plug-in: evidence JSON, configuration and binding. */
class NvidiaVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private static ObjectNode hopper(String arch) throws Exception {
    return NvidiaCorpus.evidence(arch, "u",
        Files.readString(NvidiaCorpus.nvtrust().resolve("hopperAttestationReport.txt")).strip(),
        NvidiaCorpus.hopperChain());
  }

  private static NvidiaError rejection(VerifierRegistry reg, ObjectNode ev, ExpectedReportData rd) {
    try {
      reg.verify(new Evidence(Tee.NVIDIA, ev), rd, ExpectedInitData.NOT_PROVIDED, NOW);
    } catch (NvidiaRejectedException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("accepted");
  }

  private static ExpectedReportData nonce() {
    return ExpectedReportData.of(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE));
  }

  @Test
  void verify_noExpectedNonce_rejected() throws Exception {
    assertThat(rejection(NvidiaCorpus.registry(VerifierConfig.defaults()), hopper("HOPPER"),
        ExpectedReportData.NOT_PROVIDED)).isEqualTo(NvidiaError.NONCE_MISMATCH);
  }

  @Test
  void verify_unknownArch_unsupportedArch() throws Exception {
    assertThat(rejection(NvidiaCorpus.registry(VerifierConfig.defaults()), hopper("AMPERE"), nonce()))
        .isEqualTo(NvidiaError.UNSUPPORTED_ARCH);
  }

  @Test
  void verify_hopperReportClaimedAsSwitch_acceptedAsSwitchClass() throws Exception {
    // The class follows the claimed arch; the device chain proves what signed the report.
    dev.claviger.evidence.DeviceClaims d = NvidiaCorpus.registry(VerifierConfig.defaults()).verify(
        new Evidence(Tee.NVIDIA, hopper("LS10")), nonce(), ExpectedInitData.NOT_PROVIDED, NOW)
        .devices().get(0);
    assertThat(d.teeClass()).isEqualTo(dev.claviger.evidence.TeeClass.SWITCH);
    assertThat(d.claims().get("x-nvidia-switch-arch-check").asBoolean()).isFalse();
  }

  @Test
  void verify_malformedJson_malformed() throws Exception {
    VerifierRegistry reg = NvidiaCorpus.registry(VerifierConfig.defaults());
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    empty.putArray("device_evidence_list");
    assertThat(rejection(reg, empty, nonce())).isEqualTo(NvidiaError.MALFORMED);
    assertThat(rejection(reg, JsonNodeFactory.instance.objectNode(), nonce()))
        .isEqualTo(NvidiaError.MALFORMED);
    ObjectNode badB64 = hopper("HOPPER");
    ((ObjectNode) badB64.get("device_evidence_list").get(0)).put("certificate", "!!!");
    assertThat(rejection(reg, badB64, nonce())).isEqualTo(NvidiaError.MALFORMED);
    ObjectNode badEv = hopper("HOPPER");
    ((ObjectNode) badEv.get("device_evidence_list").get(0)).put("evidence", "zz$");
    assertThat(rejection(reg, badEv, nonce())).isEqualTo(NvidiaError.MALFORMED);
    ObjectNode noCert = hopper("HOPPER");
    ((ObjectNode) noCert.get("device_evidence_list").get(0)).remove("certificate");
    assertThat(rejection(reg, noCert, nonce())).isEqualTo(NvidiaError.MALFORMED);
    ObjectNode tooMany = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i <= NvidiaEvidence.MAX_DEVICES; i++) {
      tooMany.withArray("device_evidence_list").add(hopper("HOPPER").get("device_evidence_list").get(0));
    }
    assertThat(rejection(reg, tooMany, nonce())).isEqualTo(NvidiaError.MALFORMED);
  }

  @Test
  void verify_hopper_nrasStyleClaimsStateWhatWasChecked() throws Exception {
    com.fasterxml.jackson.databind.JsonNode c = NvidiaCorpus.registry(VerifierConfig.defaults())
        .verify(new Evidence(Tee.NVIDIA, hopper("HOPPER")), nonce(), ExpectedInitData.NOT_PROVIDED, NOW)
        .devices().get(0).claims();
    assertThat(c.get("x-nvidia-gpu-arch-check").asBoolean()).isTrue();
    assertThat(c.get("x-nvidia-gpu-attestation-report-signature-verified").asBoolean()).isTrue();
    assertThat(c.get("x-nvidia-gpu-attestation-report-cert-chain-fwid-match").asBoolean()).isTrue();
    assertThat(c.at("/x-nvidia-gpu-attestation-report-cert-chain/x-nvidia-cert-ocsp-status").asText())
        .isEqualTo("not-checked");
    assertThat(c.get("x-nvidia-gpu-driver-version").asText()).isEqualTo("550.90.07");
    assertThat(c.get("x-nvidia-gpu-vbios-version").asText()).isEqualTo("96.00.9f.00.01");
    assertThat(c.has("measres")).isFalse();
  }

  @Test
  void verify_remoteType_evidenceException() throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode().put("type", "Remote");
    VerifierRegistry reg = NvidiaCorpus.registry(VerifierConfig.defaults().withOptions("nvidia_verifier", cfg));
    assertThatThrownBy(() -> reg.verify(new Evidence(Tee.NVIDIA, hopper("HOPPER")), nonce(),
        ExpectedInitData.NOT_PROVIDED, NOW)).isInstanceOf(EvidenceException.class)
        .hasMessageContaining("Remote");
  }

  @Test
  void verify_configuredRootNotPinned_evidenceException() throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode();
    cfg.putArray("device_roots").add(
        NvidiaCorpus.root().resolve("roots/nvidia/verifier_RIM_root.pem").toString());
    VerifierRegistry reg = NvidiaCorpus.registry(VerifierConfig.defaults().withOptions("nvidia_verifier", cfg));
    assertThatThrownBy(() -> reg.verify(new Evidence(Tee.NVIDIA, hopper("HOPPER")), nonce(),
        ExpectedInitData.NOT_PROVIDED, NOW)).isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not pinned");
  }

  @Test
  void verify_configuredOtherRootPinned_wrongRoot() throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode();
    cfg.putArray("device_roots").add(
        NvidiaCorpus.root().resolve("roots/nvidia/verifier_RIM_root.pem").toString());
    cfg.putArray("device_root_sha256").add(
        "12977b5115acb0381179279fffeb5a8c4d264971ebb32298023a465fa41df5d1");
    VerifierRegistry reg = NvidiaCorpus.registry(VerifierConfig.defaults().withOptions("nvidia_verifier", cfg));
    assertThat(rejection(reg, hopper("HOPPER"), nonce())).isEqualTo(NvidiaError.WRONG_ROOT);
  }

  @Test
  void verify_configuredCorpusRoot_accepted() throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode();
    cfg.putArray("device_roots").add(
        NvidiaCorpus.root().resolve("roots/nvidia/verifier_device_root.pem").toString());
    VerifierRegistry reg = NvidiaCorpus.registry(VerifierConfig.defaults().withOptions("nvidia_verifier", cfg));
    assertThat(reg.verify(new Evidence(Tee.NVIDIA, hopper("HOPPER")), nonce(),
        ExpectedInitData.NOT_PROVIDED, NOW).devices()).hasSize(1);
  }
}
