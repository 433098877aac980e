package dev.claviger.evidence.sgx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.dcap.DcapCorpus;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRegistry;
import dev.claviger.evidence.dcap.DcapRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SgxVerifierTest {
  private static final Instant AT = Instant.parse("2025-07-19T10:00:00Z");

  private static Evidence evidence(String quoteFile) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("quote", Base64.getEncoder().encodeToString(DcapCorpus.quote(quoteFile)));
    return new Evidence(Tee.SGX, n);
  }

  @Test
  void verify_dcapQvlSgxQuote_statusAdvisoriesAndUpstreamClaims() throws Exception {
    VerifiedEvidence v = DcapRegistry.load(DcapRegistry.config("sgx/dcap-qvl")).verify(
        evidence("sgx/dcap-qvl/sgx_quote"), ExpectedReportData.of("Hello, world!".getBytes(StandardCharsets.US_ASCII)),
        ExpectedInitData.NOT_PROVIDED, AT);
    JsonNode c = v.devices().get(0).claims();
    assertThat(c.at("/header/version").asText()).isEqualTo("0300");
    assertThat(c.at("/header/qe_svn").asText()).isEqualTo("0a00");
    assertThat(c.at("/header/pce_svn").asText()).isEqualTo("0f00");
    assertThat(c.at("/body/mr_enclave").asText()).isEqualTo("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
    assertThat(c.at("/body/mr_signer").asText()).isEqualTo("815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
    assertThat(c.at("/body/attributes.flags").asText()).isEqualTo("0500000000000000");
    assertThat(c.at("/body/attributes.xfrm").asText()).isEqualTo("e700000000000000");
    assertThat(c.at("/body/isv_prod_id").asText()).isEqualTo("0000");
    assertThat(c.at("/body/cpu_svn").asText()).isEqualTo("0b0b1a18ffff04000000000000000000");
    assertThat(c.at("/tcb_status").asText()).isEqualTo("ConfigurationAndSWHardeningNeeded");
    assertThat(c.at("/advisory_ids/0").asText()).isEqualTo("INTEL-SA-00289");
    assertThat(c.at("/advisory_ids/1").asText()).isEqualTo("INTEL-SA-00615");
    assertThat(c.at("/sgx_type").asText()).isEqualTo("Standard");
    assertThat(c.has("is_smt_enabled")).isFalse();
    assertThat(c.at("/init_data").asText()).isEqualTo("00".repeat(64));
    assertThat(v.reportDataHex().orElseThrow()).startsWith("48656c6c6f2c20776f726c6421000000");
  }

  @Test
  void verify_tdxQuoteAsSgx_unsupported() {
    assertThatThrownBy(() -> DcapRegistry.load(DcapRegistry.config("tdx/dcap-qvl")).verify(
        evidence("tdx/dcap-qvl/tdx_quote"), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED,
        Instant.parse("2025-07-19T10:00:34Z")))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.UNSUPPORTED_QUOTE));
  }

  @Test
  void verify_configIdDoesNotBindInitData_rejected() {
    assertThatThrownBy(() -> DcapRegistry.load(DcapRegistry.config("sgx/dcap-qvl")).verify(
        evidence("sgx/dcap-qvl/sgx_quote"), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.of(new byte[] {9}), AT))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.INIT_DATA_MISMATCH));
  }

  @Test
  void verify_mobilecoinWithoutTcbInfo_collateralMissing() {
    assertThatThrownBy(() -> DcapRegistry.load(DcapRegistry.config("sgx/mobilecoin-sgx")).verify(
        evidence("sgx/mobilecoin-sgx/hw_quote.dat"), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED,
        Instant.parse("2023-05-01T00:00:00Z")))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.COLLATERAL_MISSING));
  }
}
