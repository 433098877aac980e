package dev.claviger.evidence.cca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The corpus token (both encodings) through the registry, with the values its MANIFEST gives. */
class CcaCorpusVerificationTest {
  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  private static final byte[] REALM_CHALLENGE = filled(64, 0xab);
  private static final byte[] PERSO = ("The quick brown fox jumps over 13 lazy dogs."
      + "The quick brown fox ").getBytes(StandardCharsets.US_ASCII);

  static VerifierConfig config() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("anchors_dir", CcaCorpus.path(CcaCorpus.ROOTS).toString());
    return VerifierConfig.defaults().withOptions(CcaVerifier.OPTIONS, o);
  }

  static JsonNode evidence(byte[] token) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("token");
    for (byte b : token) {
      a.add(b & 0xff);
    }
    return o;
  }

  static VerifiedEvidence verify(VerifierConfig c, byte[] token, ExpectedReportData rd,
      ExpectedInitData init) throws Exception {
    return CcaRegistry.load(c).verify(new Evidence(Tee.CCA, evidence(token)), rd, init, AT);
  }

  @ParameterizedTest
  @ValueSource(strings = {CcaCorpus.TAG_399, CcaCorpus.CMW_907})
  void verify_corpusToken_givesManifestClaims(String file) throws Exception {
    VerifiedEvidence v = verify(config(), CcaCorpus.bytes(file),
        ExpectedReportData.of(REALM_CHALLENGE), ExpectedInitData.of(PERSO));

    assertThat(v.devices()).hasSize(1);
    assertThat(v.devices().get(0).teeClass()).isEqualTo(TeeClass.CPU);
    assertThat(v.reportDataHex()).contains(HexFormat.of().formatHex(REALM_CHALLENGE));
    assertThat(v.initDataHex()).contains(HexFormat.of().formatHex(PERSO));
    JsonNode c = v.devices().get(0).claims();
    JsonNode p = c.get("platform");
    assertThat(p.get("cca-platform-profile").asText()).isEqualTo("http://arm.com/CCA-SSD/1.0.0");
    assertThat(hex(p, "cca-platform-challenge"))
        .isEqualTo("b5973cb68baa9fc55558786b7ec67f69e40df5ba5aa921cd0c27f40587a011ea");
    assertThat(hex(p, "cca-platform-implementation-id"))
        .isEqualTo("7f454c4602010100000000000000000003003e00010000005058000000000000");
    assertThat(hex(p, "cca-platform-instance-id"))
        .isEqualTo("0107060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918");
    assertThat(hex(p, "cca-platform-config"))
        .isEqualTo("0107060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918");
    assertThat(p.get("cca-platform-lifecycle").asLong()).isEqualTo(12291);
    assertThat(p.get("cca-platform-hash-algo-id").asText()).isEqualTo("sha-256");
    assertThat(p.get("cca-platform-service-indicator").asText()).isEqualTo("whatever.com");
    JsonNode sw = p.get("cca-platform-sw-components");
    assertThat(sw).hasSize(4);
    assertThat(sw.findValuesAsText("measurement-type")).containsExactly("BL", "M1", "M2", "M3");
    assertThat(sw.findValuesAsText("version")).containsExactly("3.4.2", "1.2", "1.2.3", "1");
    assertThat(hex(sw.get(0), "measurement-value")).startsWith("0706050403020100");
    assertThat(hex(sw.get(0), "signer-id")).startsWith("0706050403020100");

    JsonNode r = c.get("realm");
    assertThat(r.has("cca-realm-profile")).isFalse();
    assertThat(hex(r, "cca-realm-challenge")).isEqualTo(HexFormat.of().formatHex(REALM_CHALLENGE));
    assertThat(b64(r, "cca-realm-personalization-value")).isEqualTo(PERSO);
    assertThat(b64(r, "cca-realm-initial-measurement")).isEqualTo(new byte[32]);
    assertThat(r.get("cca-realm-extensible-measurements")).hasSize(4);
    for (JsonNode rem : r.get("cca-realm-extensible-measurements")) {
      assertThat(Base64.getDecoder().decode(rem.asText())).isEqualTo(new byte[32]);
    }
    assertThat(r.get("cca-realm-hash-algo-id").asText()).isEqualTo("sha-256");
    assertThat(r.get("cca-realm-public-key-hash-algo-id").asText()).isEqualTo("sha-256");
    assertThat(hex(r, "cca-realm-public-key")).startsWith("0476f988091be585ed41801aecfab858");
    assertThat(c.get("report_data").asText()).isEqualTo(HexFormat.of().formatHex(REALM_CHALLENGE));
    assertThat(c.get("init_data").asText()).isEqualTo(HexFormat.of().formatHex(PERSO));
  }

  @Test
  void verify_bothEncodings_giveIdenticalClaims() throws Exception {
    JsonNode a = verify(config(), CcaCorpus.bytes(CcaCorpus.TAG_399),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED).devices().get(0).claims();
    JsonNode b = verify(config(), CcaCorpus.bytes(CcaCorpus.CMW_907),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED).devices().get(0).claims();
    assertThat(a).isEqualTo(b);
    assertThat(CcaToken.decode(CcaCorpus.bytes(CcaCorpus.TAG_399)).encoding())
        .isEqualTo(CcaToken.Encoding.TAG_399);
    assertThat(CcaToken.decode(CcaCorpus.bytes(CcaCorpus.CMW_907)).encoding())
        .isEqualTo(CcaToken.Encoding.CMW_907);
  }

  @Test
  void verify_shorterReportDigest_isZeroPaddedTo64() throws Exception {
    byte[] token = CcaCorpus.bytes(CcaCorpus.TAG_399);
    // A 48-byte digest pads with zeros, which the all-0xab challenge cannot equal.
    assertThatThrownBy(() -> verify(config(), token,
        ExpectedReportData.of(filled(48, 0xab)), ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.REPORT_DATA_MISMATCH));
  }

  @Test
  void verify_wrongNonce_rejectedAsReportDataMismatch() {
    byte[] wrong = REALM_CHALLENGE.clone();
    wrong[63] ^= 1;
    assertThatThrownBy(() -> verify(config(), CcaCorpus.bytes(CcaCorpus.TAG_399),
        ExpectedReportData.of(wrong), ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.REPORT_DATA_MISMATCH));
  }

  @Test
  void verify_wrongInitData_rejectedAsInitDataMismatch() {
    assertThatThrownBy(() -> verify(config(), CcaCorpus.bytes(CcaCorpus.CMW_907),
        ExpectedReportData.of(REALM_CHALLENGE), ExpectedInitData.of(Arrays.copyOf(PERSO, 48))))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.INIT_DATA_MISMATCH));
  }

  @Test
  void verify_noAnchorsConfigured_failsClosedAsOurError() {
    assertThatThrownBy(() -> verify(VerifierConfig.defaults(), CcaCorpus.bytes(CcaCorpus.TAG_399),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("no CPAK trust anchors");
  }

  @Test
  void verify_unknownOption_failsClosed() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "remote");
    assertThatThrownBy(() -> verify(VerifierConfig.defaults().withOptions(CcaVerifier.OPTIONS, o),
        CcaCorpus.bytes(CcaCorpus.TAG_399), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("unknown option type");
  }

  @Test
  void verifyToken_decodeAnyHexBase64Json_allVerify() throws Exception {
    byte[] raw = CcaCorpus.bytes(CcaCorpus.TAG_399);
    CcaTrustAnchors anchors = CcaCorpus.anchors();
    JsonNode expected = CcaVerifier.verifyToken(CcaToken.decodeAny(raw), anchors);
    for (String text : new String[] {HexFormat.of().formatHex(raw),
        Base64.getEncoder().encodeToString(raw), Base64.getUrlEncoder().encodeToString(raw),
        evidence(raw).toString()}) {
      assertThat(CcaVerifier.verifyToken(
          CcaToken.decodeAny(text.getBytes(StandardCharsets.US_ASCII)), anchors))
          .isEqualTo(expected);
    }
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static String hex(JsonNode o, String field) {
    return HexFormat.of().formatHex(b64(o, field));
  }

  private static byte[] b64(JsonNode o, String field) {
    return Base64.getDecoder().decode(o.get(field).asText());
  }
}
