package dev.claviger.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifierRegistryTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Evidence EMPTY_DPU = new Evidence(Tee.NVIDIA_DPU, JsonNodeFactory.instance.objectNode());

  @Test
  void verify_noVerifierInstalled_unsupportedTee() throws Exception {
    VerifierRegistry r = VerifierRegistry.load(VerifierConfig.defaults());
    assertThatThrownBy(() -> r.verify(EMPTY_DPU, ExpectedReportData.of(new byte[48]),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(UnsupportedTeeException.class)
        .hasMessageContaining("no verifier installed for TEE 'nvidia-dpu'")
        .satisfies(e -> assertThat(((UnsupportedTeeException) e).tee()).isEqualTo(Tee.NVIDIA_DPU));
  }

  @Test
  void verify_verifierReturnsStaleResult_refused() throws Exception {
    VerifierRegistry r = VerifierRegistry.load(VerifierConfig.defaults());
    Evidence e = new Evidence(Tee.HYGON_DCU, JsonNodeFactory.instance.objectNode());
    // The first call may or may not be the one that seeded the stale result, depending on test
    // order; a second call is stale either way.
    try {
      r.verify(e, ExpectedReportData.of(new byte[48]), ExpectedInitData.NOT_PROVIDED, NOW);
    } catch (EvidenceException ignored) {
      // already seeded by an earlier test run in this JVM
    }
    assertThatThrownBy(() -> r.verify(e, ExpectedReportData.of(new byte[48]),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not minted for this call");
  }

  @Test
  void verify_verifierSkipsRequestedBinding_refused() throws Exception {
    VerifierRegistry r = VerifierRegistry.load(VerifierConfig.defaults());
    Evidence e = new Evidence(Tee.CSV, JsonNodeFactory.instance.objectNode());
    assertThatThrownBy(() -> r.verify(e, ExpectedReportData.of(new byte[48]),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("did not check the report-data binding");
    // With no binding requested the same verifier's result is acceptable.
    assertThat(r.verify(e, ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, NOW)
        .reportDataHex()).isEmpty();
  }

  @Test
  void verify_verifierThrowsUnchecked_wrappedAsEvidenceException() throws Exception {
    VerifierRegistry r = VerifierRegistry.load(VerifierConfig.defaults());
    Evidence e = new Evidence(Tee.SE, JsonNodeFactory.instance.objectNode());
    assertThatThrownBy(() -> r.verify(e, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("failed internally");
  }

  @Test
  void enabledTees_sampleOptIn_addsSampleVerifiers() throws Exception {
    assertThat(VerifierRegistry.load(VerifierConfig.defaults().allowInsecureSample()).enabledTees())
        .contains(Tee.SAMPLE, Tee.SAMPLE_DEVICE);
  }

  @Test
  void expectedValues_notProvidedIsExplicit_andDigestsAreCopied() {
    byte[] d = {1, 2};
    ExpectedReportData rd = ExpectedReportData.of(d);
    d[0] = 9;
    assertThat(rd.digest().orElseThrow()).containsExactly(1, 2);
    assertThat(ExpectedReportData.NOT_PROVIDED.isProvided()).isFalse();
    assertThat(ExpectedInitData.NOT_PROVIDED.digest()).isEmpty();
    assertThatThrownBy(() -> ExpectedReportData.of(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifierConfig_options_areCopies() {
    com.fasterxml.jackson.databind.node.ObjectNode block = JsonNodeFactory.instance.objectNode();
    block.put("type", "KDS");
    VerifierConfig c = VerifierConfig.defaults().withOptions("snp_verifier", block);
    block.put("type", "changed");
    assertThat(c.options("snp_verifier").orElseThrow().get("type").textValue()).isEqualTo("KDS");
    assertThat(c.insecureSampleAllowed()).isFalse();
    assertThat(c.enables(Tee.SAMPLE)).isFalse();
    assertThat(c.enables(Tee.TDX)).isTrue();
    assertThat(VerifierConfig.defaults().withOptions("snp_verifier", block.deepCopy().put("type", "KDS")))
        .isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.allowInsecureSample()).isNotEqualTo(c);
  }
}
