package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.core.Json;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.tpm.Swtpm;
import dev.claviger.evidence.tpm.TpmRegistry;
import dev.claviger.evidence.tpm.TpmVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attester on a real swtpm, its evidence checked by claviger-evidence's {@code tpm}
 * verifier: accepted with the AK configured as trusted and the report data bound; PCR changes
 * visible; tampering and stale values rejected. swtpm serves one connection at a time, so the
 * attester (which opens the TPM per operation) and tpm2-tools take turns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpmAttesterSwtpmTest {
  private Swtpm swtpm;
  private TpmAttester attester;
  private String akB64;

  @BeforeAll
  void start() throws Exception {
    swtpm = Swtpm.start();
    attester = TpmAttester.create(TpmTcti.parse(swtpm.tcti()), TpmAttester.DEFAULT_AK_HANDLE);
    akB64 = Base64.getEncoder().encodeToString(attester.akPublic());
  }

  @AfterAll
  void stop() throws Exception {
    if (swtpm != null) {
      swtpm.close();
    }
  }

  private VerifiedEvidence verify(JsonNode evidence, byte[] reportData, byte[] initData)
      throws Exception {
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    options.putArray("trusted_ak_keys").add(akB64);
    VerifierConfig config = VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS, options);
    return TpmRegistry.load(config).verify(new Evidence(Tee.TPM, evidence),
        ExpectedReportData.of(reportData),
        initData == null ? ExpectedInitData.NOT_PROVIDED : ExpectedInitData.of(initData),
        Instant.now());
  }

  private static byte[] sha384(String s) throws Exception {
    return MessageDigest.getInstance("SHA-384").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void evidence_realSwtpm_verifiesWithTrustedAkAndBindsReportData() throws Exception {
    byte[] rd = sha384("verify me");

    VerifiedEvidence v = verify(attester.evidence(rd), rd, null);

    JsonNode claims = v.devices().get(0).claims();
    assertThat(claims.get("ak_trust").asText()).isEqualTo("configured_key");
    assertThat(claims.get("ak_public").asText()).isEqualTo(akB64);
    // Upstream truncates the report data to 32 bytes before quoting.
    assertThat(claims.get("report_data").asText()).isEqualTo(HexFormat.of().formatHex(rd, 0, 32));
    assertThat(claims.get("quote").get("signature_scheme").asText()).isEqualTo("rsassa");
  }

  @Test
  void evidence_shape_isUpstreamJson() throws Exception {
    JsonNode ev = attester.evidence(new byte[] {1, 2, 3});

    assertThat(names(ev)).containsExactly("tpm_quote", "ak_public");
    assertThat(names(ev.get("tpm_quote"))).containsExactly("signature", "message", "pcrs");
    byte[] sig = Base64.getDecoder().decode(ev.get("tpm_quote").get("signature").asText());
    assertThat(HexFormat.of().formatHex(sig, 0, 6)).isEqualTo("0014000b0100");
    assertThat(sig).hasSize(262);
    ArrayNode pcrs = (ArrayNode) ev.get("tpm_quote").get("pcrs");
    assertThat(pcrs).hasSize(24);
    pcrs.forEach(p -> assertThat(p.asText()).matches("[0-9a-f]{64}"));
    // Short report data is zero-padded to 32 bytes.
    byte[] msg = Base64.getDecoder().decode(ev.get("tpm_quote").get("message").asText());
    byte[] padded = Arrays.copyOf(new byte[] {1, 2, 3}, 32);
    assertThat(HexFormat.of().formatHex(msg)).contains("0020" + HexFormat.of().formatHex(padded));
  }

  @Test
  void akPublic_matchesTpm2ReadPublicAndPersists() throws Exception {
    swtpm.tpm("tpm2_readpublic", "-c", "0x81010002", "-f", "der", "-o", "ak.der");

    assertThat(swtpm.file("ak.der")).isEqualTo(Base64.getDecoder().decode(akB64));
    // A second attester (a restarted agent) finds the same AK instead of creating another.
    TpmAttester again = TpmAttester.create(attester.tcti(), TpmAttester.DEFAULT_AK_HANDLE);
    assertThat(Base64.getEncoder().encodeToString(again.akPublic())).isEqualTo(akB64);
    assertThat(swtpm.tpm("tpm2_getcap", "handles-transient").strip()).isEmpty();
  }

  @Test
  void extendRuntimeMeasurement_changesPcrAndOldReferenceValuesNoLongerMatch() throws Exception {
    byte[] rd1 = sha384("before");
    JsonNode before = attester.evidence(rd1);
    List<String> reference = pcrClaims(verify(before, rd1, null));

    attester.extendRuntimeMeasurement(23, sha256("container image digest"));
    byte[] rd2 = sha384("after");
    JsonNode after = attester.evidence(rd2);
    List<String> now = pcrClaims(verify(after, rd2, null));

    assertThat(now.get(23)).isNotEqualTo(reference.get(23));
    assertThat(now.subList(0, 23)).isEqualTo(reference.subList(0, 23));
    assertThat(attester.runtimeMeasurement(23)).isEqualTo(HexFormat.of().parseHex(now.get(23)));
    // Presenting the old (reference) PCR values with the new quote does not verify.
    ObjectNode stale = after.deepCopy();
    ArrayNode pcrs = ((ObjectNode) stale.get("tpm_quote")).putArray("pcrs");
    reference.forEach(pcrs::add);
    assertThatThrownBy(() -> verify(stale, rd2, null))
        .isInstanceOf(EvidenceRejectedException.class);
  }

  @Test
  void evidence_checkedByTpm2Checkquote_signatureAndNonceValid() throws Exception {
    byte[] rd = sha384("independent check");
    JsonNode ev = attester.evidence(rd);
    java.nio.file.Path d = swtpm.dir();
    java.nio.file.Files.write(d.resolve("ev.msg"),
        Base64.getDecoder().decode(ev.get("tpm_quote").get("message").asText()));
    java.nio.file.Files.write(d.resolve("ev.sig"),
        Base64.getDecoder().decode(ev.get("tpm_quote").get("signature").asText()));
    java.nio.file.Files.writeString(d.resolve("ev-ak.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(Base64.getDecoder().decode(ev.get("ak_public").asText()))
        + "\n-----END PUBLIC KEY-----\n");

    // tpm2-tools' own parser and signature check over our TPMS_ATTEST / TPMT_SIGNATURE bytes
    // (exit status 0, or Swtpm.tpm throws).
    String out = swtpm.tpm("tpm2_checkquote", "-u", "ev-ak.pem", "-m", "ev.msg", "-s", "ev.sig",
        "-g", "sha256", "-q", HexFormat.of().formatHex(rd, 0, 32));

    assertThat(out).contains("sig: ");
    assertThatThrownBy(() -> swtpm.tpm("tpm2_checkquote", "-u", "ev-ak.pem", "-m", "ev.msg",
        "-s", "ev.sig", "-g", "sha256", "-q", HexFormat.of().formatHex(rd, 1, 33)))
        .hasMessageContaining("failed");
  }

  @Test
  void evidence_wrongReportData_rejected() throws Exception {
    JsonNode ev = attester.evidence(sha384("nonce A"));

    assertThatThrownBy(() -> verify(ev, sha384("nonce B"), null))
        .isInstanceOf(EvidenceRejectedException.class)
        .hasMessageContaining("report data");
  }

  @Test
  void evidence_everyByteOfMessageAndSignatureFlipped_rejected() throws Exception {
    byte[] rd = sha384("tamper");
    JsonNode ev = attester.evidence(rd);
    verify(ev, rd, null);

    for (String field : List.of("message", "signature")) {
      byte[] original = Base64.getDecoder().decode(ev.get("tpm_quote").get(field).asText());
      for (int i = 0; i < original.length; i++) {
        byte[] flipped = original.clone();
        flipped[i] ^= 0x01;
        ObjectNode t = ev.deepCopy();
        ((ObjectNode) t.get("tpm_quote")).set(field,
            new TextNode(Base64.getEncoder().encodeToString(flipped)));
        int at = i;
        assertThatThrownBy(() -> verify(t, rd, null))
            .as("%s byte %d flipped", field, at)
            .isInstanceOf(EvidenceRejectedException.class);
      }
    }
  }

  @Test
  void evidence_untrustedAk_rejected() throws Exception {
    byte[] rd = sha384("untrusted");
    JsonNode ev = attester.evidence(rd);

    assertThatThrownBy(() -> TpmRegistry.load(VerifierConfig.defaults()).verify(
            new Evidence(Tee.TPM, ev), ExpectedReportData.of(rd), ExpectedInitData.NOT_PROVIDED,
            Instant.now()))
        .isInstanceOf(EvidenceRejectedException.class);
  }

  @Test
  void bindInitData_sha256Digest_verifierAcceptsAndWrongDigestRejected() throws Exception {
    byte[] toml = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(toml);

    attester.bindInitData(digest);

    byte[] rd = sha384("init data");
    JsonNode ev = attester.evidence(rd);
    VerifiedEvidence v = verify(ev, rd, digest);
    assertThat(v.initDataHex()).hasValue(HexFormat.of().formatHex(digest));
    byte[] other = digest.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> verify(ev, rd, other))
        .isInstanceOf(EvidenceRejectedException.class);
  }

  @Test
  void bindInitData_sha384Digest_refused() {
    assertThatThrownBy(() -> attester.bindInitData(new byte[48]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("32-byte");
  }

  @Test
  void evidence_handleHoldsEk_refusedAsNotAnAttestationKey() {
    // swtpm_setup persisted the RSA EK (a restricted decryption key) at 0x81010001.
    TpmAttester ek = TpmAttester.create(attester.tcti(), 0x81010001);

    assertThatThrownBy(() -> ek.evidence(new byte[32]))
        .isInstanceOf(AttesterException.class)
        .hasMessageContaining("not a restricted fixedTPM signing key")
        .hasCauseInstanceOf(TpmException.class);
  }

  @Test
  void evidence_concurrentCallers_allVerify() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      byte[] rd = sha384("concurrent " + i);
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          verify(attester.evidence(rd), rd, null);
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(failures).isEmpty();
  }

  private static List<String> pcrClaims(VerifiedEvidence v) {
    JsonNode c = v.devices().get(0).claims();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      out.add(c.get(String.format("pcr%02d", i)).asText());
    }
    return out;
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void evidence_serialized_keepsUpstreamKeyOrder() throws Exception {
    String json = Json.write(attester.evidence(new byte[0]));

    assertThat(json).startsWith("{\"tpm_quote\":{\"signature\":\"");
    assertThat(json).containsPattern("\",\"message\":\"[A-Za-z0-9+/=]+\",\"pcrs\":\\[\"");
    assertThat(json).containsPattern("\\]},\"ak_public\":\"[A-Za-z0-9+/=]+\"}$");
  }
}
