package dev.claviger.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The {@code tpm} verifier through the registry, on the GCE corpus attestation. */
class TpmVerifierTest {
  static final String ATT = "tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/";
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  static ObjectNode gceEvidence() throws Exception {
    TpmtPublic ak = TpmtPublic.parse(TpmCorpus.bytes(ATT + "ak_pub.tpmt_public"));
    ObjectNode ev = JsonNodeFactory.instance.objectNode();
    ev.put("ak_public", Base64s.encodeStd(ak.key().getEncoded()));
    ObjectNode q = ev.putObject("tpm_quote");
    q.put("message", Base64s.encodeStd(TpmCorpus.bytes(ATT + "quote1_SHA256.tpms_attest")));
    q.put("signature", Base64s.encodeStd(TpmCorpus.bytes(ATT + "quote1_SHA256.tpmt_signature")));
    ArrayNode pcrs = q.putArray("pcrs");
    TpmCorpus.pcrs(ATT + "quote1_SHA256.pcrs.txt")
        .forEach(p -> pcrs.add(HexFormat.of().formatHex(p)));
    ev.put("ak_cert", Base64s.encodeStd(TpmCorpus.bytes(ATT + "ak_cert.der")));
    ev.put("eventlog", Base64s.encodeStd(TpmCorpus.bytes(ATT + "event_log.bin")));
    return ev;
  }

  static VerifierConfig gceRoots() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("ak_anchors_dir", TpmCorpus.path("roots/gce").toString());
    return VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS, o);
  }

  static VerifiedEvidence verify(VerifierConfig c, JsonNode ev, ExpectedReportData rd,
      ExpectedInitData init) throws Exception {
    return TpmRegistry.load(c).verify(new Evidence(Tee.TPM, ev), rd, init, NOW);
  }

  @Test
  void verify_gceAttestationWithGceRoots_acceptedWithUpstreamClaims() throws Exception {
    VerifiedEvidence v = verify(gceRoots(), gceEvidence(), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED);
    JsonNode c = v.devices().get(0).claims();
    assertThat(c.get("ak_trust").asText()).isEqualTo("certificate");
    assertThat(c.get("report_data").asText()).isEqualTo("9009");
    for (int i = 0; i < 24; i++) {
      assertThat(c.has(String.format("pcr%02d", i))).isTrue();
    }
    assertThat(c.get("init_data").asText()).isEqualTo(c.get("pcr08").asText());
    assertThat(c.get("event_log").get("verified_pcrs")).hasSize(10);
    assertThat(c.get("quote").get("firmware_version").asText()).isEqualTo("2016051100162800");
    assertThat(v.reportDataHex()).isEmpty();
  }

  @Test
  void verify_reportDataFittedTo32_doesNotMatchTwoByteNonce() {
    assertThatThrownBy(() -> verify(gceRoots(), gceEvidence(),
        ExpectedReportData.of(new byte[] {(byte) 0x90, 0x09}), ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.NONCE_MISMATCH));
  }

  @Test
  void verify_initDataNotInPcr8_rejected() {
    assertThatThrownBy(() -> verify(gceRoots(), gceEvidence(), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.of(new byte[32])))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.INIT_DATA_MISMATCH));
  }

  @Test
  void verify_noAnchorsConfigured_akUntrusted() {
    assertThatThrownBy(() -> verify(VerifierConfig.defaults(), gceEvidence(),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.AK_UNTRUSTED));
  }

  @Test
  void verify_deferToPolicy_acceptedAndMarked() throws Exception {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("defer_ak_trust_to_policy", true);
    ObjectNode ev = gceEvidence();
    ev.remove("ak_cert");
    VerifiedEvidence v = verify(VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS, o), ev,
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED);
    assertThat(v.devices().get(0).claims().get("ak_trust").asText()).isEqualTo("policy");
  }

  @Test
  void verify_unknownOption_configurationError() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("trusted_ak_dir", "/nowhere");
    assertThatThrownBy(() -> verify(VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS, o),
        gceEvidence(), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("trusted_ak_dir");
  }

  @Test
  void verify_eventLogOfAnotherBoot_eventLogMismatch() throws Exception {
    ObjectNode ev = gceEvidence();
    ev.put("eventlog", Base64s.encodeStd(
        TpmCorpus.bytes("tpm/go-tpm-tools/eventlogs/cos-93-amd-sev.bin")));
    assertThatThrownBy(() -> verify(gceRoots(), ev, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.EVENT_LOG_MISMATCH));
  }

  @Test
  void verify_malformedEvidence_rejectedAsMalformed() throws Exception {
    assertMalformed(ev -> ev.remove("ak_public"));
    assertMalformed(ev -> ev.put("ak_public", "AAAA"));
    assertMalformed(ev -> ev.put("ak_public", "not base64!"));
    assertMalformed(ev -> ev.remove("tpm_quote"));
    assertMalformed(ev -> ((ObjectNode) ev.get("tpm_quote")).put("message", "AAAA"));
    assertMalformed(ev -> ((ObjectNode) ev.get("tpm_quote")).put("signature", 7));
    assertMalformed(ev -> ((ObjectNode) ev.get("tpm_quote")).putArray("pcrs").add("zz"));
    assertMalformed(ev -> ev.put("ak_cert", "AAAA"));
    assertMalformed(ev -> ev.put("eventlog", "AAAA"));
  }

  @Test
  void verify_missingPcrValue_pcrDigestMismatch() throws Exception {
    ObjectNode ev = gceEvidence();
    ((ArrayNode) ev.get("tpm_quote").get("pcrs")).remove(23);
    assertThatThrownBy(() -> verify(gceRoots(), ev, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.PCR_DIGEST_MISMATCH));
  }

  private static void assertMalformed(Consumer<ObjectNode> change) throws Exception {
    ObjectNode ev = gceEvidence();
    change.accept(ev);
    assertThatThrownBy(() -> verify(gceRoots(), ev, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.MALFORMED));
  }

  @Test
  void verify_akPublicArea_restrictedKeyAcceptedOthersRejected() throws Exception {
    byte[] raw = TpmCorpus.bytes(ATT + "ak_pub.tpmt_public");
    ObjectNode ev = gceEvidence();
    ev.put("ak_tpm_public", Base64s.encodeStd(tpm2b(raw)));
    JsonNode c = verify(gceRoots(), ev, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED).devices().get(0).claims();
    assertThat(c.get("ak_name").asText()).hasSize(68);
    byte[] unrestricted = raw.clone();
    unrestricted[5] &= (byte) ~0x01;
    ev.put("ak_tpm_public", Base64s.encodeStd(tpm2b(unrestricted)));
    assertThatThrownBy(() -> verify(gceRoots(), ev, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED)).hasMessageContaining("restricted");
  }

  static byte[] tpm2b(byte[] raw) {
    byte[] out = new byte[raw.length + 2];
    out[0] = (byte) (raw.length >> 8);
    out[1] = (byte) raw.length;
    System.arraycopy(raw, 0, out, 2, raw.length);
    return out;
  }
}
