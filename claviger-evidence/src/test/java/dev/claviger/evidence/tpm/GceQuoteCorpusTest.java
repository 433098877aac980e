package dev.claviger.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.eventlog.MeasuredBoot;
import dev.claviger.evidence.eventlog.TcgEventLog;
import dev.claviger.evidence.tpm.internal.QuoteVerifier;
import dev.claviger.evidence.tpm.internal.QuotedPcrs;
import dev.claviger.evidence.tpm.internal.TpmEvidence;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The two GCE Shielded VM attestations: 3 quotes each (SHA-1/256/384 banks), AK cert, log. */
class GceQuoteCorpusTest {
  static final String BASE = "tpm/go-tpm-tools/attestations/";
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  record Quote(TpmsAttest attest, TpmtSignature sig, List<byte[]> pcrs) {}

  static Quote quote(String att, String name) throws Exception {
    String p = BASE + att + "/" + name;
    return new Quote(TpmsAttest.parse(TpmCorpus.bytes(p + ".tpms_attest")),
        TpmtSignature.parse(TpmCorpus.bytes(p + ".tpmt_signature")),
        TpmCorpus.pcrs(p + ".pcrs.txt"));
  }

  static TpmtPublic ak(String att) throws Exception {
    return TpmtPublic.parse(TpmCorpus.bytes(BASE + att + "/ak_pub.tpmt_public"));
  }

  static X509Certificate akCert(String att) throws Exception {
    return TpmEvidence.cert(TpmCorpus.bytes(BASE + att + "/ak_cert.der"));
  }

  @ParameterizedTest
  @CsvSource({
      "gce-cos-85-no-nonce, quote0_SHA1, SHA1, ''",
      "gce-cos-85-no-nonce, quote1_SHA256, SHA256, ''",
      "gce-cos-85-no-nonce, quote2_SHA384, SHA384, ''",
      "gce-cos-85-nonce9009, quote0_SHA1, SHA1, 9009",
      "gce-cos-85-nonce9009, quote1_SHA256, SHA256, 9009",
      "gce-cos-85-nonce9009, quote2_SHA384, SHA384, 9009"})
  void verify_gceQuote_signatureDigestAndNonceHold(String att, String name, TpmHashAlg bank,
      String nonce) throws Exception {
    Quote q = quote(att, name);
    QuotedPcrs pcrs = QuoteVerifier.verify(q.attest(), q.sig(), ak(att).key(), q.pcrs());
    assertThat(q.sig().scheme()).isEqualTo(TpmtSignature.Scheme.RSASSA);
    assertThat(q.sig().hash()).isEqualTo(TpmHashAlg.SHA256);
    assertThat(pcrs.banks()).containsOnlyKeys(bank);
    assertThat(pcrs.banks().get(bank)).hasSize(24);
    assertThat(HexFormat.of().formatHex(q.attest().extraData())).isEqualTo(nonce);
    assertThat(q.attest().firmwareVersion()).isEqualTo(0x2016051100162800L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce", "gce-cos-85-nonce9009"})
  void akTrust_gceAkCertWithGceRoots_trustedByCertificate(String att) throws Exception {
    AkTrust trust = AkTrust.fromDirectory(TpmCorpus.path("roots/gce"));
    assertThat(trust.check(ak(att).key(), akCert(att), List.of(), NOW))
        .isEqualTo(AkTrust.Basis.CERTIFICATE);
    assertThat(ak(att).isAttestationKey()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce"})
  void akTrust_noAnchors_rejectedAsUntrusted(String att) throws Exception {
    assertThatThrownBy(() -> AkTrust.none().check(ak(att).key(), akCert(att), List.of(), NOW))
        .isInstanceOf(TpmRejectedException.class)
        .satisfies(e -> assertThat(((TpmRejectedException) e).error())
            .isEqualTo(TpmError.AK_UNTRUSTED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce"})
  void akTrust_onlyOtherHierarchyRoot_rejected(String att) throws Exception {
    X509Certificate newRoot = (X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCertificate(
            new java.io.ByteArrayInputStream(TpmCorpus.bytes("roots/gce/gcp_ek_ak_ca_root.crt")));
    AkTrust trust = AkTrust.none().withCertificates(List.of(newRoot), List.of());
    assertThatThrownBy(() -> trust.check(ak(att).key(), akCert(att), List.of(), NOW))
        .isInstanceOf(TpmRejectedException.class)
        .hasMessageContaining("does not chain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce"})
  void akTrust_afterAkCertExpiry_rejected(String att) throws Exception {
    AkTrust trust = AkTrust.fromDirectory(TpmCorpus.path("roots/gce"));
    assertThatThrownBy(() -> trust.check(ak(att).key(), akCert(att), List.of(),
        Instant.parse("2052-01-01T00:00:00Z"))).isInstanceOf(TpmRejectedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce", "gce-cos-85-nonce9009"})
  void appraise_gceEventLog_matchesQuotedSha1AndSha256Pcrs(String att) throws Exception {
    Map<TpmHashAlg, Map<Integer, byte[]>> quoted = new EnumMap<>(TpmHashAlg.class);
    for (String n : List.of("quote0_SHA1", "quote1_SHA256")) {
      Quote q = quote(att, n);
      quoted.putAll(QuoteVerifier.verify(q.attest(), q.sig(), ak(att).key(), q.pcrs()).banks());
    }
    TcgEventLog log = TcgEventLog.parse(TpmCorpus.bytes(BASE + att + "/event_log.bin"));
    ObjectNode claims = MeasuredBoot.appraise(log, quoted);
    assertThat(claims.get("bank").asText()).isEqualTo("sha256");
    assertThat(claims.get("verified_pcrs")).hasSize(10);
    assertThat(claims.get("secure_boot")).isNotNull();
    assertThat(claims.get("events").size()).isGreaterThan(20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"quote0_SHA1", "quote1_SHA256", "quote2_SHA384"})
  void verify_everySingleByteFlipInAttest_rejected(String name) throws Exception {
    String att = "gce-cos-85-nonce9009";
    byte[] raw = TpmCorpus.bytes(BASE + att + "/" + name + ".tpms_attest");
    Quote q = quote(att, name);
    var key = ak(att).key();
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> QuoteVerifier.verify(TpmsAttest.parse(t), q.sig(), key, q.pcrs()))
          .as("flip at %d", at).isInstanceOf(TpmRejectedException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"quote0_SHA1", "quote1_SHA256", "quote2_SHA384"})
  void verify_everySingleByteFlipInSignature_rejected(String name) throws Exception {
    String att = "gce-cos-85-no-nonce";
    byte[] raw = TpmCorpus.bytes(BASE + att + "/" + name + ".tpmt_signature");
    Quote q = quote(att, name);
    var key = ak(att).key();
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] = (byte) (t[i] ^ 0x80);
      int at = i;
      assertThatThrownBy(() -> QuoteVerifier.verify(q.attest(), TpmtSignature.parse(t), key,
          q.pcrs())).as("flip at %d", at).isInstanceOf(TpmRejectedException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, 8, 23})
  void verify_changedPcrValue_pcrDigestMismatch(int pcr) throws Exception {
    Quote q = quote("gce-cos-85-no-nonce", "quote1_SHA256");
    List<byte[]> pcrs = new java.util.ArrayList<>(q.pcrs());
    byte[] v = pcrs.get(pcr).clone();
    v[0] ^= 1;
    pcrs.set(pcr, v);
    assertThatThrownBy(() -> QuoteVerifier.verify(q.attest(), q.sig(),
        ak("gce-cos-85-no-nonce").key(), pcrs))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.PCR_DIGEST_MISMATCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gce-cos-85-no-nonce"})
  void verify_otherAttestationsAk_signatureInvalid(String att) throws Exception {
    Quote q = quote(att, "quote1_SHA256");
    var other = TpmEvidence.spki(java.util.Base64.getMimeDecoder().decode(
        new String(TpmCorpus.bytes("tpm/azure-cvm-tooling/akpub.pem"))
            .replaceAll("-----[A-Z ]+-----", "")));
    assertThatThrownBy(() -> QuoteVerifier.verify(q.attest(), q.sig(), other, q.pcrs()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.SIGNATURE_INVALID));
  }
}
