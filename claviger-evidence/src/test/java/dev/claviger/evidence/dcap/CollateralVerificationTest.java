package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Collateral checks: exact-bytes signatures, revocation, expiry, and TCB status rules, with the
 * real dcap-qvl TDX collateral and with a synthetic world under our own keys.
 */
class CollateralVerificationTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant REAL_AT = Instant.parse("2025-07-19T10:00:34Z");
  private static final Instant SYN_AT = Instant.parse("2025-07-01T00:00:00Z");
  private static JsonNode bundle;
  private static SyntheticDcap syn;
  private static byte[] synQuote;

  @BeforeAll
  static void load() throws Exception {
    bundle = M.readTree(DcapCorpus.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"));
    syn = new SyntheticDcap(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote"));
    synQuote = syn.quote();
  }

  private static DcapError realError(byte[] bundleBytes, Instant at) {
    try {
      Collateral c = Collateral.fromBytes(List.of(bundleBytes));
      new DcapQuoteVerifier(DcapCorpus.intelAnchors(), c).verify(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote"), at,
          DcapPolicy.strict());
    } catch (DcapRejectedException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return null;
  }

  private static DcapVerification synVerify(String tcbInfo, String qeId, java.security.cert.X509CRL rootCrl,
      java.security.cert.X509CRL pckCrl) throws Exception {
    Collateral c = Collateral.fromBytes(List.of(syn.bundle(tcbInfo, qeId, rootCrl, pckCrl)));
    return new DcapQuoteVerifier(syn.anchors(), c).verify(synQuote, SYN_AT, DcapPolicy.strict());
  }

  private static DcapError synError(String tcbInfo, String qeId, java.security.cert.X509CRL rootCrl,
      java.security.cert.X509CRL pckCrl) {
    try {
      synVerify(tcbInfo, qeId, rootCrl, pckCrl);
    } catch (DcapRejectedException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return null;
  }

  /** The real TCB Info with dates moved around SYN_AT and an edit applied. */
  private static String tcbInfo(java.util.function.Consumer<ObjectNode> edit) throws Exception {
    ObjectNode t = (ObjectNode) M.readTree(bundle.get("tcb_info").asText());
    t.put("issueDate", "2025-06-19T00:00:00Z");
    t.put("nextUpdate", "2025-07-19T00:00:00Z");
    edit.accept(t);
    return M.writeValueAsString(t);
  }

  private static String qeIdentity(java.util.function.Consumer<ObjectNode> edit) throws Exception {
    ObjectNode t = (ObjectNode) M.readTree(bundle.get("qe_identity").asText());
    t.put("issueDate", "2025-06-19T00:00:00Z");
    t.put("nextUpdate", "2025-07-19T00:00:00Z");
    edit.accept(t);
    return M.writeValueAsString(t);
  }

  private static void allLevels(ObjectNode t, String status, String... advisories) {
    for (JsonNode l : t.get("tcbLevels")) {
      ((ObjectNode) l).put("tcbStatus", status);
      ArrayNode a = ((ObjectNode) l).putArray("advisoryIDs");
      for (String s : advisories) {
        a.add(s);
      }
    }
  }

  @Test
  void verify_tcbInfoReserialisedPretty_signatureInvalid() throws Exception {
    ObjectNode b = bundle.deepCopy();
    b.put("tcb_info", M.writerWithDefaultPrettyPrinter().writeValueAsString(M.readTree(bundle.get("tcb_info").asText())));
    assertThat(realError(M.writeValueAsBytes(b), REAL_AT)).isEqualTo(DcapError.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_pcsResponsePrettyPrinted_signatureInvalid() throws Exception {
    byte[] pretty = M.writerWithDefaultPrettyPrinter().writeValueAsBytes(
        M.readTree(DcapCorpus.bytes("tdx/go-tdx-qpl/tcbinfo.json")));
    Collateral c = Collateral.fromBytes(List.of(pretty, DcapCorpus.bytes("tdx/go-tdx-qpl/qeidentity.json"),
        DcapCorpus.bytes("tdx/go-tdx-qpl/tcbSigningChain.pem")));
    DcapError e = null;
    try {
      new DcapQuoteVerifier(DcapCorpus.intelAnchors(), c).verify(DcapCorpus.quote("tdx/go-tdx-qpl/quote"),
          Instant.parse("2023-03-01T00:00:00Z"), DcapPolicy.strict().withRequireCrls(false));
    } catch (DcapRejectedException x) {
      e = x.error();
    }
    assertThat(e).isEqualTo(DcapError.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_tcbInfoOneValueChanged_signatureInvalid() throws Exception {
    ObjectNode b = bundle.deepCopy();
    b.put("tcb_info", bundle.get("tcb_info").asText().replace("\"tcbEvaluationDataNumber\":17", "\"tcbEvaluationDataNumber\":18"));
    assertThat(realError(M.writeValueAsBytes(b), REAL_AT)).isEqualTo(DcapError.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_qeIdentitySignatureFlipped_signatureInvalid() throws Exception {
    ObjectNode b = bundle.deepCopy();
    String sig = bundle.get("qe_identity_signature").asText();
    b.put("qe_identity_signature", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
    assertThat(realError(M.writeValueAsBytes(b), REAL_AT)).isEqualTo(DcapError.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_realCollateralAfterNextUpdate_expired() throws Exception {
    assertThat(realError(M.writeValueAsBytes(bundle), Instant.parse("2025-07-19T10:00:36Z")))
        .isEqualTo(DcapError.COLLATERAL_EXPIRED);
    assertThat(realError(M.writeValueAsBytes(bundle), REAL_AT)).isNull();
  }

  @Test
  void verify_pckCrlFromForeignIssuer_crlInvalid() throws Exception {
    ObjectNode b = bundle.deepCopy();
    b.put("pck_crl", bundle.get("root_ca_crl").asText());
    // The root CRL now stands in twice; no CRL of the PCK CA remains.
    assertThat(realError(M.writeValueAsBytes(b), REAL_AT)).isEqualTo(DcapError.COLLATERAL_MISSING);
  }

  @Test
  void verify_synthetic_upToDate() throws Exception {
    DcapVerification v = synVerify(tcbInfo(t -> { }), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl());
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_pckListedByPckCrl_pckRevoked() throws Exception {
    assertThat(synError(tcbInfo(t -> { }), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl(syn.pck.cert())))
        .isEqualTo(DcapError.PCK_REVOKED);
  }

  @Test
  void verify_pckCaListedByRootCrl_caRevoked() throws Exception {
    assertThat(synError(tcbInfo(t -> { }), qeIdentity(q -> { }), syn.rootCrl(syn.pckCa.cert()), syn.pckCrl()))
        .isEqualTo(DcapError.CA_REVOKED);
  }

  @Test
  void verify_tcbSigningListedByRootCrl_caRevoked() throws Exception {
    assertThat(synError(tcbInfo(t -> { }), qeIdentity(q -> { }), syn.rootCrl(syn.tcbSigning.cert()), syn.pckCrl()))
        .isEqualTo(DcapError.CA_REVOKED);
  }

  @Test
  void verify_crlSignedByOtherKey_crlInvalid() throws Exception {
    TestPki.Issued impostor = new TestPki.Issued(syn.pckCa.cert(), TestPki.p256());
    java.security.cert.X509CRL forged = TestPki.crl(impostor, Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(synError(tcbInfo(t -> { }), qeIdentity(q -> { }), syn.rootCrl(), forged)).isEqualTo(DcapError.CRL_INVALID);
  }

  @Test
  void verify_allLevelsOutOfDate_outOfDateWithAdvisories() throws Exception {
    DcapVerification v = synVerify(tcbInfo(t -> allLevels(t, "OutOfDate", "INTEL-SA-00001")), qeIdentity(q -> { }),
        syn.rootCrl(), syn.pckCrl());
    assertThat(v.tcbStatus()).contains(TcbStatus.OUT_OF_DATE);
    assertThat(v.tcb().orElseThrow().advisoryIds()).containsExactly("INTEL-SA-00001");
  }

  @Test
  void verify_platformRevoked_statusRejected() throws Exception {
    assertThat(synError(tcbInfo(t -> allLevels(t, "Revoked")), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl()))
        .isEqualTo(DcapError.TCB_STATUS_REJECTED);
  }

  @Test
  void verify_configurationNeededAndQeOutOfDate_outOfDateConfigurationNeeded() throws Exception {
    DcapVerification v = synVerify(tcbInfo(t -> allLevels(t, "ConfigurationNeeded")),
        qeIdentity(q -> allLevels(q, "OutOfDate", "INTEL-SA-00002")), syn.rootCrl(), syn.pckCrl());
    assertThat(v.tcbStatus()).contains(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    assertThat(v.tcb().orElseThrow().qeStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(v.tcb().orElseThrow().advisoryIds()).containsExactly("INTEL-SA-00002");
  }

  @Test
  void verify_moduleIdentityOutOfDate_outOfDate() throws Exception {
    DcapVerification v = synVerify(tcbInfo(t -> {
      for (JsonNode m : t.get("tdxModuleIdentities")) {
        allLevels((ObjectNode) m, "OutOfDate", "INTEL-SA-00003");
      }
    }), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl());
    assertThat(v.tcbStatus()).contains(TcbStatus.OUT_OF_DATE);
    assertThat(v.tcb().orElseThrow().moduleStatus()).contains(TcbStatus.OUT_OF_DATE);
    assertThat(v.tcb().orElseThrow().advisoryIds()).containsExactly("INTEL-SA-00003");
  }

  @Test
  void verify_moduleIdentityAbsentForVersion_tcbNotSupported() throws Exception {
    assertThat(synError(tcbInfo(t -> {
      for (JsonNode m : t.get("tdxModuleIdentities")) {
        ((ObjectNode) m).put("id", "TDX_7F");
      }
    }), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl())).isEqualTo(DcapError.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_qeMrSignerDiffers_qeIdentityMismatch() throws Exception {
    assertThat(synError(tcbInfo(t -> { }), qeIdentity(q -> q.put("mrsigner", "00".repeat(32))), syn.rootCrl(),
        syn.pckCrl())).isEqualTo(DcapError.QE_IDENTITY_MISMATCH);
  }

  @Test
  void verify_tdxModuleSignerDiffers_moduleMismatch() throws Exception {
    assertThat(synError(tcbInfo(t -> {
      for (JsonNode m : t.get("tdxModuleIdentities")) {
        ((ObjectNode) m).put("mrsigner", "11".repeat(48));
      }
    }), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl())).isEqualTo(DcapError.TDX_MODULE_MISMATCH);
  }

  @Test
  void verify_tcbInfoForOtherFmspc_missing() throws Exception {
    assertThat(synError(tcbInfo(t -> t.put("fmspc", "00A067110000")), qeIdentity(q -> { }), syn.rootCrl(),
        syn.pckCrl())).isEqualTo(DcapError.COLLATERAL_MISSING);
  }

  @Test
  void verify_tcbComponentCountNot16_loadFails() throws Exception {
    String bad = tcbInfo(t -> ((ArrayNode) t.get("tcbLevels").get(0).get("tcb").get("sgxtcbcomponents")).remove(0));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Collateral.fromBytes(List.of(syn.bundle(bad, qeIdentity(q -> { }), null, null))))
        .isInstanceOf(dev.claviger.evidence.EvidenceException.class).hasMessageContaining("component count");
  }

  @Test
  void verify_tcbInfoSignedByPckKey_rejected() throws Exception {
    String info = tcbInfo(t -> { });
    ObjectNode b = (ObjectNode) M.readTree(syn.bundle(info, qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl()));
    b.put("tcb_info_issuer_chain", SyntheticDcap.pem(syn.pck.cert()) + SyntheticDcap.pem(syn.pckCa.cert()));
    b.put("tcb_info_signature", dev.claviger.core.Hex.encode(
        SyntheticDcap.sign(syn.pck.key().getPrivate(), info.getBytes(StandardCharsets.UTF_8))));
    DcapError e = null;
    try {
      new DcapQuoteVerifier(syn.anchors(), Collateral.fromBytes(List.of(M.writeValueAsBytes(b))))
          .verify(synQuote, SYN_AT, DcapPolicy.strict());
    } catch (DcapRejectedException x) {
      e = x.error();
    }
    assertThat(e).isEqualTo(DcapError.COLLATERAL_INVALID);
  }

  @Test
  void verify_syntheticQuoteWithIntelAnchors_untrustedRoot() throws Exception {
    DcapError e = null;
    try {
      new DcapQuoteVerifier(DcapCorpus.intelAnchors(), Collateral.empty()).verify(synQuote, SYN_AT,
          DcapPolicy.bestEffort());
    } catch (DcapRejectedException x) {
      e = x.error();
    }
    assertThat(e).isEqualTo(DcapError.UNTRUSTED_ROOT);
  }

  private static void tdxComponent0(ObjectNode t, int svn) {
    for (JsonNode l : t.get("tcbLevels")) {
      ((ObjectNode) l.get("tcb").get("tdxtcbcomponents").get(0)).put("svn", svn);
    }
  }

  @Test
  void verify_moduleVersionSet_teeTcbSvnBytes01LeftToModuleIdentity() throws Exception {
    // The template's TEE_TCB_SVN is 06 01 03 ...: byte 1 names module TDX_01, so byte 0 is not compared.
    DcapVerification v = synVerify(tcbInfo(t -> tdxComponent0(t, 255)), qeIdentity(q -> { }), syn.rootCrl(), syn.pckCrl());
    assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_moduleVersionZero_allSixteenComponentsCompared() throws Exception {
    byte[] template = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote");
    template[48 + 1] = 0; // TEE_TCB_SVN[1]
    SyntheticDcap s = new SyntheticDcap(template);
    byte[] quote = s.quote();
    DcapError e = null;
    try {
      new DcapQuoteVerifier(s.anchors(), Collateral.fromBytes(List.of(s.bundle(tcbInfo(t -> tdxComponent0(t, 255)),
          qeIdentity(q -> { }), s.rootCrl(), s.pckCrl())))).verify(quote, SYN_AT, DcapPolicy.strict());
    } catch (DcapRejectedException x) {
      e = x.error();
    }
    assertThat(e).isEqualTo(DcapError.TCB_NOT_SUPPORTED);
    DcapVerification ok = new DcapQuoteVerifier(s.anchors(), Collateral.fromBytes(List.of(s.bundle(
        tcbInfo(t -> { }), qeIdentity(q -> { }), s.rootCrl(), s.pckCrl())))).verify(quote, SYN_AT, DcapPolicy.strict());
    assertThat(ok.tcb().orElseThrow().moduleStatus()).isEmpty();
  }

  @Test
  void verify_tcbTypeNotZero_rejectedAtLoad() throws Exception {
    String bad = tcbInfo(t -> t.put("tcbType", 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Collateral.fromBytes(List.of(syn.bundle(bad, qeIdentity(q -> { }), null, null))))
        .isInstanceOf(dev.claviger.evidence.EvidenceException.class).hasMessageContaining("tcbType");
  }
}
