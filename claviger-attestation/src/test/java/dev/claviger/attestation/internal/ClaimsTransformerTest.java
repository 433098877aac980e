package dev.claviger.attestation.internal;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.Fixtures;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClaimsTransformerTest {

  private static VerifiedEvidence verifiedSample(JsonNode rd, ExpectedInitData init) throws Exception {
    return VerifierRegistry.load(VerifierConfig.defaults().allowInsecureSample()).verify(
        new Evidence(Tee.SAMPLE, Fixtures.sampleEvidence("sample", rd)),
        ExpectedReportData.of(Fixtures.bindingDigest(rd)), init, Fixtures.T0);
  }

  @Test
  void transform_boundReportAndInitData_liftedWithTheirClaims() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("{\"sampledevice\":{}}");
    byte[] initDigest = new byte[32];
    VerifiedEvidence v = verifiedSample(rd, ExpectedInitData.of(initDigest));
    JsonNode initClaims = M.readTree("{\"aa.toml\":\"x\"}");

    ObjectNode out = ClaimsTransformer.transform(v, v.devices().get(0), rd, initClaims, true);

    assertThat(out.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder(
        "sample", "report_data", "runtime_data_claims", "init_data", "init_data_claims");
    assertThat(out.get("report_data").textValue())
        .isEqualTo(Base64.getEncoder().encodeToString(Fixtures.bindingDigest(rd)));
    assertThat(out.get("runtime_data_claims")).isEqualTo(rd);
    assertThat(out.get("init_data").textValue()).isEqualTo(Base64.getEncoder().encodeToString(initDigest));
    assertThat(out.get("init_data_claims")).isEqualTo(initClaims);
    assertThat(out.get("sample").has("report_data")).isFalse();
    assertThat(out.get("sample").has("init_data")).isFalse();
    assertThat(out.at("/sample/launch_digest").textValue()).isEqualTo("abcde");
  }

  @Test
  void transform_notVerbose_dropsAdditionalEvidence() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("{\"sampledevice\":{}}");
    VerifiedEvidence v = verifiedSample(rd, ExpectedInitData.NOT_PROVIDED);
    ObjectNode out = ClaimsTransformer.transform(v, v.devices().get(0), rd, null, false);
    assertThat(out.get("runtime_data_claims").has("additional-evidence")).isFalse();
    assertThat(out.get("runtime_data_claims").get("nonce").textValue()).isEqualTo(Fixtures.NONCE);
    assertThat(out.has("init_data")).isFalse();
    assertThat(out.has("init_data_claims")).isFalse();
  }

  @Test
  void transform_reportDataNotChecked_guestRuntimeDataNotExposed() throws Exception {
    VerifiedEvidence v = VerifierRegistry.load(VerifierConfig.defaults().allowInsecureSample()).verify(
        new Evidence(Tee.SAMPLE, M.readTree("{\"svn\":\"1\",\"report_data\":\"AA==\"}")),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, Fixtures.T0);
    ObjectNode out = ClaimsTransformer.transform(v, v.devices().get(0),
        Fixtures.runtimeData(""), M.readTree("{\"a\":\"b\"}"), true);
    assertThat(out.get("report_data").textValue()).isEqualTo("AA==");
    assertThat(out.get("runtime_data_claims").isNull()).isTrue();
  }
}
