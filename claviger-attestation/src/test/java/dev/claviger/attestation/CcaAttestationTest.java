package dev.claviger.attestation;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The corpus Arm CCA token (TF-RMM reference token) through the Attestation Service with the
 * {@code cca_verifier} configuration and Trustee's CCA test policy.
 *
 * <p>The realm challenge is 64 x 0xab, which no runtime data hashes to, so the report data is fed
 * through the raw runtime-data path ({@link RuntimeDataInput.Raw}, upstream's
 * {@code RuntimeData::Raw} of the standalone API); the personalization value is bound as a raw
 * init-data digest ({@link InitDataInput.Digest}).
 */
class CcaAttestationTest {
  static final String CCA_POLICY = "conformance/rego/trustee/deps/verifier/test_data/cca/conf/default.rego";
  /** The policy sets five claims; unset ones are omitted from the EAR, as rust-ear does. */
  static final String VECTOR = "{\"instance-identity\":2,\"configuration\":36,\"executables\":33,"
      + "\"hardware\":2,\"runtime-opaque\":2}";
  static final byte[] PERSONALIZATION =
      "The quick brown fox jumps over 13 lazy dogs.The quick brown fox ".getBytes(StandardCharsets.US_ASCII);

  private Path shared;
  private AttestationService as;
  private byte[] token;

  @BeforeEach
  void setUp() throws Exception {
    shared = Fixtures.shared();
    token = Files.readAllBytes(shared.resolve("evidence-corpus/cca/ccatoken/cca_token.cbor"));
    ObjectNode cca = M.createObjectNode();
    cca.put("anchors_dir", shared.resolve("evidence-corpus/roots/arm-cca").toString());
    as = AttestationServices.create(
        AttestationConfig.defaults().withVerifiers(
            VerifierConfig.defaults().withOptions("cca_verifier", cca)),
        new InMemoryStore(), new Fixtures.MutableClock(Fixtures.T0));
    as.setPolicy("ccatest_cpu", Files.readString(shared.resolve(CCA_POLICY), StandardCharsets.UTF_8));
  }

  /** Upstream's CCA evidence JSON: {@code {"token": [byte, ...]}} (serde byte array). */
  static ObjectNode evidence(byte[] cbor) {
    ObjectNode ev = M.createObjectNode();
    ArrayNode arr = ev.putArray("token");
    for (byte b : cbor) {
      arr.add(b & 0xFF);
    }
    return ev;
  }

  static byte[] challenge(int value) {
    byte[] c = new byte[64];
    Arrays.fill(c, (byte) value);
    return c;
  }

  private VerificationRequest request(byte[] cbor, Optional<RuntimeDataInput> rd,
      Optional<InitDataInput> init) {
    return new VerificationRequest(Tee.CCA, evidence(cbor), rd, HashAlgorithm.SHA384, init);
  }

  private JsonNode cpu0(VerificationRequest r, String policy) throws Exception {
    SignedJWT jwt = SignedJWT.parse(as.evaluate(List.of(r), policy).jwt());
    assertThat(jwt.verify(new ECDSAVerifier(as.signingKey()))).isTrue();
    JsonNode submods = M.readTree(jwt.getPayload().toString()).get("submods");
    assertThat(submods.size()).isEqualTo(1);
    return submods.get("cpu0");
  }

  @Test
  void evaluate_corpusTokenWithTrusteeCcaPolicy_expectedTrustVector() throws Exception {
    JsonNode cpu0 = cpu0(request(token, Optional.of(new RuntimeDataInput.Raw(challenge(0xab))),
        Optional.of(new InitDataInput.Digest(PERSONALIZATION))), "ccatest");

    assertThat(cpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(VECTOR));
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("warning");
    assertThat(cpu0.get("ear.appraisal-policy-id").textValue()).isEqualTo("ccatest");
    JsonNode ev = cpu0.get("ear.veraison.annotated-evidence");
    JsonNode platform = ev.at("/cca/platform");
    assertThat(platform.get("cca-platform-profile").textValue()).isEqualTo("http://arm.com/CCA-SSD/1.0.0");
    assertThat(platform.get("cca-platform-lifecycle").intValue()).isEqualTo(12291);
    assertThat(platform.get("cca-platform-sw-components").size()).isEqualTo(4);
    JsonNode realm = ev.at("/cca/realm");
    assertThat(Base64.getDecoder().decode(realm.get("cca-realm-challenge").textValue()))
        .isEqualTo(challenge(0xab));
    assertThat(Base64.getDecoder().decode(realm.get("cca-realm-personalization-value").textValue()))
        .isEqualTo(PERSONALIZATION);
    assertThat(Base64.getDecoder().decode(realm.get("cca-realm-initial-measurement").textValue()))
        .isEqualTo(new byte[32]);
    assertThat(ev.get("report_data").isNull()).isFalse();
    assertThat(ev.get("init_data").isNull()).isFalse();
  }

  @Test
  void evaluate_cmw907FormOfSameToken_sameVector() throws Exception {
    byte[] cmw = Files.readAllBytes(shared.resolve("evidence-corpus/cca/ccatoken/cca_token.cmw907.cbor"));
    JsonNode cpu0 = cpu0(request(cmw, Optional.of(new RuntimeDataInput.Raw(challenge(0xab))),
        Optional.empty()), "ccatest");
    assertThat(cpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(VECTOR));
  }

  @Test
  void evaluate_withoutRuntimeData_verifiedWithoutBinding() throws Exception {
    // ExpectedReportData.NOT_PROVIDED: the token is still verified; nothing is claimed bound.
    JsonNode cpu0 = cpu0(request(token, Optional.empty(), Optional.empty()), "ccatest");
    assertThat(cpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(VECTOR));
    JsonNode ev = cpu0.get("ear.veraison.annotated-evidence");
    assertThat(ev.path("runtime_data_claims").isMissingNode() || ev.get("runtime_data_claims").isNull())
        .isTrue();
  }

  @Test
  void evaluate_otherReportData_rejected() throws Exception {
    VerificationRequest r = request(token, Optional.of(new RuntimeDataInput.Raw(challenge(0xac))),
        Optional.empty());
    assertThatThrownBy(() -> as.evaluate(List.of(r), "ccatest"))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("cca evidence rejected");
  }

  @Test
  void evaluate_structuredRuntimeData_rejectedAsNotBound() throws Exception {
    VerificationRequest r = request(token,
        Optional.of(new RuntimeDataInput.Structured(Fixtures.runtimeData(""))), Optional.empty());
    assertThatThrownBy(() -> as.evaluate(List.of(r), "ccatest"))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("cca evidence rejected");
  }

  @Test
  void evaluate_otherInitData_rejected() throws Exception {
    byte[] other = PERSONALIZATION.clone();
    other[0] ^= 1;
    VerificationRequest r = request(token, Optional.of(new RuntimeDataInput.Raw(challenge(0xab))),
        Optional.of(new InitDataInput.Digest(other)));
    assertThatThrownBy(() -> as.evaluate(List.of(r), "ccatest"))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("cca evidence rejected");
  }

  @Test
  void evaluate_tamperedTokenByte_rejected() throws Exception {
    for (int pos = 0; pos < token.length; pos += 37) {
      byte[] tampered = token.clone();
      tampered[pos] ^= 0x01;
      VerificationRequest r = request(tampered,
          Optional.of(new RuntimeDataInput.Raw(challenge(0xab))), Optional.empty());
      assertThatThrownBy(() -> as.evaluate(List.of(r), "ccatest"))
          .as("token byte %d flipped", pos)
          .isInstanceOf(AttestationRejectedException.class)
          .hasMessageContaining("cca evidence rejected");
    }
  }

  @Test
  void create_withoutCcaAnchors_attestationFailsClosed() throws Exception {
    AttestationService bare = AttestationServices.create(AttestationConfig.defaults(),
        new InMemoryStore(), new Fixtures.MutableClock(Fixtures.T0));
    VerificationRequest r = request(token, Optional.of(new RuntimeDataInput.Raw(challenge(0xab))),
        Optional.empty());
    assertThatThrownBy(() -> bare.evaluate(List.of(r), "default"))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("cca");
  }
}
