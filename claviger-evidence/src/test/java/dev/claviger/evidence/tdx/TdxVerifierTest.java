package dev.claviger.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.dcap.DcapCorpus;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRegistry;
import dev.claviger.evidence.dcap.DcapRejectedException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TdxVerifierTest {
  private static final Instant AT = Instant.parse("2025-07-19T10:00:34Z");
  private static final String RD = "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9"
      + "eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20";

  private static Evidence evidence(String quoteFile) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("quote", Base64.getEncoder().encodeToString(DcapCorpus.quote(quoteFile)));
    return new Evidence(Tee.TDX, n);
  }

  private static VerifierRegistry registry(String dir) throws Exception {
    return DcapRegistry.load(DcapRegistry.config(dir));
  }

  private static DcapError error(VerifierRegistry r, Evidence e, ExpectedReportData rd, ExpectedInitData id,
      Instant at) {
    try {
      r.verify(e, rd, id, at);
    } catch (DcapRejectedException x) {
      return x.error();
    } catch (Exception x) {
      throw new AssertionError(x);
    }
    throw new AssertionError("accepted");
  }

  @Test
  void verify_dcapQvlQuoteBoundReportData_upstreamClaims() throws Exception {
    VerifiedEvidence v = registry("tdx/dcap-qvl").verify(evidence("tdx/dcap-qvl/tdx_quote"),
        ExpectedReportData.of(Hex.decode(RD)), ExpectedInitData.of(new byte[32]), AT);
    assertThat(v.reportDataHex()).contains(RD);
    assertThat(v.initDataHex()).contains("00".repeat(32));
    assertThat(v.devices()).hasSize(1);
    assertThat(v.devices().get(0).teeClass()).isEqualTo(TeeClass.CPU);
    JsonNode c = v.devices().get(0).claims();
    assertThat(c.at("/quote/header/version").asText()).isEqualTo("0400");
    assertThat(c.at("/quote/header/tee_type").asText()).isEqualTo("81000000");
    assertThat(c.at("/quote/header/vendor_id").asText()).isEqualTo("939a7233f79c4ca9940a0db3957f0607");
    assertThat(c.at("/quote/body/mr_td").asText()).startsWith("91eb2b44d141d4ec");
    assertThat(c.at("/quote/body/tcb_svn").asText()).isEqualTo("06010300000000000000000000000000");
    assertThat(c.at("/quote/body/xfam").asText()).isEqualTo("e702060000000000");
    assertThat(c.at("/quote/body/rtmr_3").asText()).isEqualTo("00".repeat(48));
    assertThat(c.at("/td_attributes/debug").asBoolean(true)).isFalse();
    assertThat(c.at("/td_attributes/septve_disable").asBoolean()).isTrue();
    assertThat(c.at("/tcb_status").asText()).isEqualTo("UpToDate");
    assertThat(c.at("/collateral_expiration_status").asText()).isEqualTo("0");
    assertThat(c.at("/advisory_ids").isArray()).isTrue();
    assertThat(c.at("/advisory_ids").size()).isZero();
    assertThat(c.at("/tcb_date").asText()).isEqualTo("2024-03-13T00:00:00Z");
    assertThat(c.at("/sgx_type").asText()).isEqualTo("Scalable");
    assertThat(c.at("/platform_provider_id").asText()).isEqualTo("811dca2a26b952e85bb6448b097ba4fd");
    assertThat(c.at("/root_key_id").asText()).isEqualTo(
        "46e403bd34f05a3f2817ab9badcaacc7ffc98e0f261008cd30dae936cace18d5dcf58eef31463613de1570d516200993");
    assertThat(c.at("/tcb_eval_num").asInt()).isEqualTo(17);
    assertThat(c.at("/report_data").asText()).isEqualTo(RD);
    assertThat(c.at("/init_data").asText()).isEqualTo("00".repeat(48));
    assertThat(c.has("quote")).isTrue();
    assertThat(c.at("/quote/type").isMissingNode()).isTrue();
  }

  @Test
  void verify_v5Quote_typeSizeAndTd15Fields() throws Exception {
    ObjectNode b = (ObjectNode) DcapRegistry.config("tdx/go-tdx-guest").options("dcap_verifier").orElseThrow();
    b.put("collateral_expiry", "report");
    VerifiedEvidence v = DcapRegistry.load(dev.claviger.evidence.VerifierConfig.defaults().withOptions("dcap_verifier", b))
        .verify(evidence("tdx/go-tdx-guest/quote_v5_sample.dat"), ExpectedReportData.NOT_PROVIDED,
            ExpectedInitData.NOT_PROVIDED, Instant.parse("2026-02-03T01:00:00Z"));
    JsonNode c = v.devices().get(0).claims();
    assertThat(c.at("/quote/header/version").asText()).isEqualTo("0500");
    assertThat(c.at("/quote/type").asText()).isEqualTo("0300");
    assertThat(c.at("/quote/size").asText()).isEqualTo("88020000");
    assertThat(c.at("/quote/body/tee_tcb_svn2").asText()).isEqualTo("0d010400000000000000000000000000");
    assertThat(c.at("/tcb_status").asText()).isEqualTo("UpToDate");
    assertThat(c.at("/collateral_expiration_status").asText()).isEqualTo("1");
    assertThat(v.reportDataHex()).isEmpty();
  }

  @Test
  void verify_wrongReportData_rejected() throws Exception {
    byte[] rd = Hex.decode(RD);
    rd[63] ^= 1;
    assertThat(error(registry("tdx/dcap-qvl"), evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.of(rd),
        ExpectedInitData.NOT_PROVIDED, AT)).isEqualTo(DcapError.REPORT_DATA_MISMATCH);
  }

  @Test
  void verify_truncatedReportDataDigest_paddedLikeUpstreamAndRejected() throws Exception {
    byte[] rd = Arrays.copyOf(Hex.decode(RD), 48);
    assertThat(error(registry("tdx/dcap-qvl"), evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.of(rd),
        ExpectedInitData.NOT_PROVIDED, AT)).isEqualTo(DcapError.REPORT_DATA_MISMATCH);
  }

  @Test
  void verify_initDataNotInMrConfigId_rejected() throws Exception {
    assertThat(error(registry("tdx/dcap-qvl"), evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.of(new byte[] {1, 2, 3}), AT)).isEqualTo(DcapError.INIT_DATA_MISMATCH);
  }

  @Test
  void verify_noCollateralConfigured_missing() throws Exception {
    assertThat(error(registry(null), evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, AT)).isEqualTo(DcapError.COLLATERAL_MISSING);
  }

  @Test
  void verify_outdatedPlatform_tcbNotSupported() throws Exception {
    assertThat(error(registry("tdx/dcap-qvl"), evidence("tdx/dcap-qvl/tdx_quote_outdated"),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, Instant.parse("2026-03-01T00:00:00Z")))
        .isEqualTo(DcapError.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_sgxQuoteAsTdx_unsupported() throws Exception {
    assertThat(error(registry("sgx/dcap-qvl"), evidence("sgx/dcap-qvl/sgx_quote"), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, Instant.parse("2025-07-19T10:00:00Z"))).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void verify_evidenceWithoutQuote_malformedEvidence() throws Exception {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("cc_eventlog", "AAAA");
    assertThat(error(registry("tdx/dcap-qvl"), new Evidence(Tee.TDX, n), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, AT)).isEqualTo(DcapError.MALFORMED_EVIDENCE);
    n.put("quote", 42);
    assertThatThrownBy(() -> registry("tdx/dcap-qvl").verify(new Evidence(Tee.TDX, n),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, AT)).isInstanceOf(DcapRejectedException.class);
  }

  @Test
  void verify_anchorsDirWithoutPinnedRoot_evidenceException() throws Exception {
    ObjectNode b = (ObjectNode) DcapRegistry.config("tdx/dcap-qvl").options("dcap_verifier").orElseThrow();
    b.putArray("anchors_sha256").add("00".repeat(32));
    VerifierRegistry r = DcapRegistry.load(dev.claviger.evidence.VerifierConfig.defaults().withOptions("dcap_verifier", b));
    assertThatThrownBy(() -> r.verify(evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, AT))
        .isInstanceOf(dev.claviger.evidence.EvidenceException.class).hasMessageContaining("no pinned trust anchor");
  }

  @Test
  void verify_builtInAnchorsWithCollateral_upToDate() throws Exception {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("collateral_service", DcapCorpus.path("tdx/dcap-qvl").toUri().toString());
    VerifiedEvidence v = DcapRegistry.load(dev.claviger.evidence.VerifierConfig.defaults().withOptions("dcap_verifier", b))
        .verify(evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, AT);
    assertThat(v.devices().get(0).claims().at("/tcb_status").asText()).isEqualTo("UpToDate");
  }
}
