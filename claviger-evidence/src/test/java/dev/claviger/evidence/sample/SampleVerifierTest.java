package dev.claviger.evidence.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.evidence.DeviceClaims;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.UnsupportedTeeException;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleVerifierTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  /** guest-components.md §2.3 worked vector: SHA-384 of the primary runtime data. */
  private static final String DIGEST_HEX =
      "f6494a36c368fac7e77ac2b5ac81dfa559c696891ac563683e684e11c7cccc233f2dc65f8f9db6117b428766fb958de4";
  private static final String EVIDENCE =
      "{\"svn\":\"1\",\"report_data\":\"9klKNsNo+sfnesK1rIHfpVnGlokaxWNoPmhOEcfMzCM/LcZfj522EXtCh2b7lY3k\"}";

  private static VerifierRegistry enabled() throws Exception {
    return VerifierRegistry.load(VerifierConfig.defaults().allowInsecureSample());
  }

  private static ExpectedReportData expected() {
    return ExpectedReportData.of(HexFormat.of().parseHex(DIGEST_HEX));
  }

  private static Evidence evidence(String json) throws Exception {
    return new Evidence(Tee.SAMPLE, M.readTree(json));
  }

  @Test
  void verify_upstreamEvidenceMatchingDigest_returnsUpstreamClaims() throws Exception {
    VerifiedEvidence v = enabled().verify(evidence(EVIDENCE), expected(),
        ExpectedInitData.NOT_PROVIDED, NOW);

    assertThat(v.tee()).isEqualTo(Tee.SAMPLE);
    assertThat(v.reportDataHex()).contains(DIGEST_HEX);
    assertThat(v.initDataHex()).isEmpty();
    DeviceClaims d = v.devices().get(0);
    assertThat(d.teeClass()).isEqualTo(TeeClass.CPU);
    assertThat(d.claims()).isEqualTo(M.readTree("""
        {"svn":"1","report_data":"9klKNsNo+sfnesK1rIHfpVnGlokaxWNoPmhOEcfMzCM/LcZfj522EXtCh2b7lY3k",
         "launch_digest":"abcde","platform_version":{"major":1,"minor":4},"debug":false}"""));
  }

  @Test
  void verify_wrongReportData_rejected() throws Exception {
    byte[] other = HexFormat.of().parseHex(DIGEST_HEX);
    other[0] ^= 1;
    assertThatThrownBy(() -> enabled().verify(evidence(EVIDENCE), ExpectedReportData.of(other),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceRejectedException.class)
        .hasMessageContaining("report_data does not match");
  }

  @Test
  void verify_reportDataPaddedToSixtyFour_rejectedBecauseSampleIsExact() throws Exception {
    String padded = java.util.Base64.getEncoder().encodeToString(
        java.util.Arrays.copyOf(HexFormat.of().parseHex(DIGEST_HEX), 64));
    assertThatThrownBy(() -> enabled().verify(
        evidence("{\"svn\":\"1\",\"report_data\":\"" + padded + "\"}"), expected(),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceRejectedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "\"text\"",
      "{}",
      "{\"svn\":1,\"report_data\":\"AA==\"}",
      "{\"svn\":\"1\",\"report_data\":7}",
      "{\"svn\":\"1\",\"report_data\":\"not base64!\"}",
      "{\"svn\":\"1\",\"report_data\":\"AA\"}",
      "{\"svn\":\"1\",\"report_data\":\"AA-_\"}"
  })
  void verify_malformedEvidence_rejectedWithTypedError(String json) throws Exception {
    assertThatThrownBy(() -> enabled().verify(evidence(json), expected(),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(EvidenceRejectedException.class)
        .hasMessageStartingWith("sample evidence");
  }

  @Test
  void verify_oversizedFields_rejected() throws Exception {
    String longSvn = "{\"svn\":\"" + "1".repeat(65) + "\",\"report_data\":\"AA==\"}";
    String longRd = "{\"svn\":\"1\",\"report_data\":\"" + "A".repeat(1028) + "\"}";
    for (String json : new String[] {longSvn, longRd}) {
      assertThatThrownBy(() -> enabled().verify(evidence(json), expected(),
          ExpectedInitData.NOT_PROVIDED, NOW))
          .isInstanceOf(EvidenceRejectedException.class)
          .hasMessageContaining("longer than");
    }
  }

  @Test
  void verify_sampleNotAllowed_unsupportedTee() throws Exception {
    VerifierRegistry defaults = VerifierRegistry.load(VerifierConfig.defaults());
    assertThat(defaults.enabledTees()).doesNotContain(Tee.SAMPLE, Tee.SAMPLE_DEVICE);
    assertThatThrownBy(() -> defaults.verify(evidence(EVIDENCE), expected(),
        ExpectedInitData.NOT_PROVIDED, NOW))
        .isInstanceOf(UnsupportedTeeException.class)
        .hasMessageContaining("disabled");
  }

  @Test
  void verify_initDataProvided_echoedAsStdBase64() throws Exception {
    byte[] digest = new byte[48];
    digest[0] = (byte) 0xfb;
    VerifiedEvidence v = enabled().verify(evidence(EVIDENCE), expected(),
        ExpectedInitData.of(digest), NOW);
    JsonNode claims = v.devices().get(0).claims();
    assertThat(claims.get("init_data").textValue())
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(digest));
    assertThat(v.initDataHex()).contains(HexFormat.of().formatHex(digest));
  }

  @Test
  void verify_reportDataNotProvided_noBindingRecorded() throws Exception {
    VerifiedEvidence v = enabled().verify(evidence("{\"svn\":\"3\"}"),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, NOW);
    assertThat(v.reportDataHex()).isEmpty();
    assertThat(v.devices().get(0).claims().get("report_data").textValue()).isEmpty();
  }

  @Test
  void verify_sampleDevice_gpuClassWithSvnAndReportData() throws Exception {
    byte[] digest = HexFormat.of().parseHex(DIGEST_HEX);
    String b64 = java.util.Base64.getEncoder().encodeToString(digest);
    VerifiedEvidence v = enabled().verify(
        new Evidence(Tee.SAMPLE_DEVICE, M.readTree("{\"svn\":\"2\",\"report_data\":\"" + b64 + "\"}")),
        ExpectedReportData.of(digest), ExpectedInitData.NOT_PROVIDED, NOW);
    assertThat(v.devices()).singleElement().satisfies(d -> {
      assertThat(d.teeClass()).isEqualTo(TeeClass.GPU);
      assertThat(d.claims().get("svn").textValue()).isEqualTo("2");
    });
  }

  @Test
  void evidence_isDefensivelyCopied() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) M.readTree(EVIDENCE);
    Evidence e = new Evidence(Tee.SAMPLE, json);
    json.put("svn", "9");
    ((com.fasterxml.jackson.databind.node.ObjectNode) e.json()).put("svn", "8");
    assertThat(e.json().get("svn").textValue()).isEqualTo("1");
  }
}
