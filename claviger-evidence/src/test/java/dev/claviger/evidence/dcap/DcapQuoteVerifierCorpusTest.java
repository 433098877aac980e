package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Hex;
import dev.claviger.evidence.dcap.internal.TdReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every Intel sample of the corpus: verdict and field values per its MANIFEST, at its instant. */
class DcapQuoteVerifierCorpusTest {
  private static final DcapPolicy CHAIN_ONLY = DcapPolicy.strict().withRequireCrls(false)
      .withRequireTcbEvaluation(false);

  private static DcapVerification verify(String quote, String collateralDir, String at, DcapPolicy p)
      throws DcapRejectedException, dev.claviger.evidence.EvidenceException {
    Collateral c = collateralDir == null ? Collateral.empty() : DcapCorpus.collateral(collateralDir);
    return new DcapQuoteVerifier(DcapCorpus.intelAnchors(), c).verify(DcapCorpus.quote(quote),
        Instant.parse(at), p);
  }

  private static DcapError rejection(String quote, String dir, String at, DcapPolicy p) {
    try {
      verify(quote, dir, at, p);
    } catch (DcapRejectedException e) {
      return e.error();
    } catch (dev.claviger.evidence.EvidenceException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a rejection");
  }

  private static String body(DcapVerification v, int off, int len) {
    return Hex.encode(v.quote().bodyField(off, len));
  }

  @Test
  void verify_dcapQvlTdxQuoteAtCaptureTime_upToDateWithoutAdvisories() throws Exception {
    DcapVerification v = verify("tdx/dcap-qvl/tdx_quote", "tdx/dcap-qvl", "2025-07-19T10:00:34Z",
        DcapPolicy.strict());
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(v.tcb().orElseThrow().advisoryIds()).isEmpty();
    assertThat(v.tcb().orElseThrow().moduleStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(v.collateralExpired()).isFalse();
    assertThat(v.quote().version()).isEqualTo(4);
    assertThat(body(v, TdReport.MR_TD, 48)).isEqualTo("91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7");
    assertThat(Hex.encode(v.pck().extensions().fmspc())).isEqualTo("b0c06f000000");
    assertThat(v.pck().extensions().pceSvn()).isEqualTo(11);
    assertThat(v.pck().caType().wire()).isEqualTo("platform");
    assertThat(v.quote().qe().qeReport().isvSvn()).isEqualTo(6);
    assertThat(v.tcb().orElseThrow().tcbDate()).isEqualTo(Instant.parse("2024-03-13T00:00:00Z"));
    assertThat(v.tcbEvaluationDataNumber()).hasValue(17);
  }

  @Test
  void verify_dcapQvlTdxQuoteMonthsLater_collateralExpired() {
    assertThat(rejection("tdx/dcap-qvl/tdx_quote", "tdx/dcap-qvl", "2025-09-01T00:00:00Z", DcapPolicy.strict()))
        .isEqualTo(DcapError.COLLATERAL_EXPIRED);
  }

  @Test
  void verify_dcapQvlTdxQuoteMonthsLaterReportMode_flagsExpiry() throws Exception {
    DcapVerification v = verify("tdx/dcap-qvl/tdx_quote", "tdx/dcap-qvl", "2025-09-01T00:00:00Z",
        DcapPolicy.strict().withExpiry(DcapPolicy.CollateralExpiry.REPORT));
    assertThat(v.collateralExpired()).isTrue();
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_dcapQvlOutdatedV5_tcbNotSupported() {
    assertThat(rejection("tdx/dcap-qvl/tdx_quote_outdated", "tdx/dcap-qvl", "2026-03-01T00:00:00Z",
        DcapPolicy.strict())).isEqualTo(DcapError.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_dcapQvlOutdatedV5ChainOnly_signaturesValid() throws Exception {
    DcapVerification v = verify("tdx/dcap-qvl/tdx_quote_outdated", null, "2026-03-01T00:00:00Z", CHAIN_ONLY);
    assertThat(v.quote().version()).isEqualTo(5);
    assertThat(body(v, TdReport.MR_TD, 48)).startsWith("273828c46252fcbd");
    assertThat(body(v, TdReport.TEE_TCB_SVN2, 16)).isEqualTo("0d010300000000000000000000000000");
  }

  @Test
  void verify_dcapQvlHexQuotes_chainAndSignatureValid() throws Exception {
    DcapVerification a = verify("tdx/dcap-qvl/tdx-quote.hex", null, "2025-09-01T00:00:00Z", CHAIN_ONLY);
    assertThat(body(a, TdReport.MR_TD, 48)).isEqualTo("7ba9e262ce6979087e34632603f354dd8f8a870f5947d116af8114db6c9d0d74c48bec4280e5b4f4a37025a10905bb29");
    assertThat(Hex.encode(a.quote().reportData())).startsWith("7148f47e");
    assertThat(a.tcb()).isEmpty();
    DcapVerification b = verify("tdx/dcap-qvl/quote-from-tappd.hex", null, "2025-09-01T00:00:00Z", CHAIN_ONLY);
    assertThat(body(b, TdReport.MR_TD, 48)).isEqualTo("c68518a0ebb42136c12b2275164f8c72f25fa9a34392228687ed6e9caeb9c0f1dbd895e9cf475121c029dc47e70e91fd");
    assertThat(b.pck().extensions().pceSvn()).isEqualTo(11);
  }

  @Test
  void verify_goTdxGuestSprE4WithCollateral_tcbNotSupported() {
    assertThat(rejection("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat", "tdx/go-tdx-guest",
        "2023-07-01T01:00:00Z", DcapPolicy.strict())).isEqualTo(DcapError.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_goTdxGuestSprE4ChainOnly_fieldsAndRevocationCheck() throws Exception {
    Collateral crls = Collateral.fromFiles(java.util.List.of(DcapCorpus.path("tdx/go-tdx-guest/pckcrl"),
        DcapCorpus.path("tdx/go-tdx-guest/rootcrl.der")));
    DcapVerification v = new DcapQuoteVerifier(DcapCorpus.intelAnchors(), crls).verify(
        DcapCorpus.quote("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"), Instant.parse("2023-07-01T01:00:00Z"),
        DcapPolicy.strict().withRequireTcbEvaluation(false));
    assertThat(Hex.encode(v.pck().extensions().fmspc())).isEqualTo("50806f000000");
    assertThat(Hex.encode(v.pck().extensions().cpuSvn())).isEqualTo("03030202020100020000000000000000");
    assertThat(Hex.encode(v.pck().extensions().ppid())).isEqualTo("089ddfdb9c0359c82a3bc7719239574e");
    assertThat(v.pckCrlNumber()).isPresent();
    assertThat(v.rootCrlNumber()).isPresent();
  }

  @Test
  void verify_goTdxGuestSprE4In2053_pckExpired() {
    assertThat(rejection("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat", null, "2053-07-01T01:00:00Z", CHAIN_ONLY))
        .isEqualTo(DcapError.CERTIFICATE_NOT_VALID_AT_INSTANT);
  }

  @Test
  void verify_goTdxGuestV5ReportMode_upToDateWithStaleCollateralFlagged() throws Exception {
    DcapVerification v = verify("tdx/go-tdx-guest/quote_v5_sample.dat", "tdx/go-tdx-guest",
        "2026-02-03T01:00:00Z", DcapPolicy.strict().withExpiry(DcapPolicy.CollateralExpiry.REPORT));
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(v.tcb().orElseThrow().moduleStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(v.collateralExpired()).isTrue();
  }

  @Test
  void verify_goTdxGuestV5Strict_staleCollateralRejected() {
    assertThat(rejection("tdx/go-tdx-guest/quote_v5_sample.dat", "tdx/go-tdx-guest", "2026-02-03T01:00:00Z",
        DcapPolicy.strict())).isEqualTo(DcapError.COLLATERAL_EXPIRED);
  }

  @Test
  void verify_goTdxGuestCos113Padded_chainValid() throws Exception {
    DcapVerification v = verify("tdx/go-tdx-guest/ccel/cos-113-tdx-quote.dat", null, "2025-01-01T00:00:00Z", CHAIN_ONLY);
    assertThat(body(v, TdReport.MR_TD, 48)).startsWith("dae67181d3d65e07");
    assertThat(v.quote().bytes()).hasSize(8000 - 3065);
  }

  @Test
  void verify_goTdxQplWithoutCrls_upToDate() throws Exception {
    DcapVerification v = verify("tdx/go-tdx-qpl/quote", "tdx/go-tdx-qpl", "2023-03-01T00:00:00Z",
        DcapPolicy.strict().withRequireCrls(false));
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(body(v, TdReport.MR_TD, 48)).isEqualTo("b65ea009e424e6f761fdd3d7c8962439453b37ecdf62da04f7bc5d327686bb8bafc8a5d24a9c31cee60e4aba87c2f71b");
    assertThat(new String(v.quote().reportData(), 0, 28, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("Hello from Edgeless Systems!");
  }

  @Test
  void verify_goTdxQplStrict_missingCrlsRejected() {
    assertThat(rejection("tdx/go-tdx-qpl/quote", "tdx/go-tdx-qpl", "2023-03-01T00:00:00Z", DcapPolicy.strict()))
        .isEqualTo(DcapError.COLLATERAL_MISSING);
  }

  @Test
  void verify_oakQuote_chainValid() throws Exception {
    DcapVerification v = verify("tdx/oak/tdx_oc_evidence.quote.bin", null, "2026-01-01T00:00:00Z", CHAIN_ONLY);
    assertThat(body(v, TdReport.MR_TD, 48)).isEqualTo("7b5ee9a304d036f963dbd194c329cb2524817ee91bcf1cff23efe88a25af827c11e04cbf264ae401e5b17fc2e18736be");
    assertThat(Hex.encode(v.quote().reportData())).matches("0{128}");
  }

  @Test
  void verify_dcapQvlSgxQuote_configurationAndSwHardeningNeeded() throws Exception {
    DcapVerification v = verify("sgx/dcap-qvl/sgx_quote", "sgx/dcap-qvl", "2025-07-19T10:00:00Z", DcapPolicy.strict());
    assertThat(v.tcbStatus()).contains(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
    assertThat(v.tcb().orElseThrow().advisoryIds()).containsExactly("INTEL-SA-00289", "INTEL-SA-00615");
    assertThat(v.tcb().orElseThrow().qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(v.quote().version()).isEqualTo(3);
    assertThat(v.pck().caType().wire()).isEqualTo("processor");
    assertThat(Hex.encode(v.pck().extensions().fmspc())).isEqualTo("00a067110000");
  }

  @Test
  void verify_mobilecoinSgxQuote_chainValidNotRevoked() throws Exception {
    DcapVerification v = verify("sgx/mobilecoin-sgx/hw_quote.dat", "sgx/mobilecoin-sgx", "2023-05-01T00:00:00Z",
        DcapPolicy.strict().withRequireTcbEvaluation(false));
    assertThat(Hex.encode(v.pck().extensions().fmspc())).isEqualTo("00906ed50000");
    assertThat(v.pck().extensions().pceSvn()).isEqualTo(11);
    assertThat(v.pckCrlNumber()).isPresent();
    assertThat(v.collateralExpired()).isFalse();
  }

  @Test
  void verify_mobilecoinSgxQuoteStrict_noTcbInfoRejected() {
    assertThat(rejection("sgx/mobilecoin-sgx/hw_quote.dat", "sgx/mobilecoin-sgx", "2023-05-01T00:00:00Z",
        DcapPolicy.strict())).isEqualTo(DcapError.COLLATERAL_MISSING);
  }

  @Test
  void verify_tdxQuoteWithSgxOnlyRoot_untrustedRoot() throws Exception {
    java.util.List<java.security.cert.X509Certificate> other = TestPki.selfSigned("CN=Intel SGX Root CA");
    TrustAnchors wrong = TrustAnchors.of(other, java.util.List.of());
    assertThatThrownBy(() -> new DcapQuoteVerifier(wrong, Collateral.empty())
        .verify(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote"), Instant.parse("2025-07-19T10:00:34Z"), CHAIN_ONLY))
        .isInstanceOfSatisfying(DcapRejectedException.class, e -> assertThat(e.error()).isEqualTo(DcapError.UNTRUSTED_ROOT));
  }
}
