package dev.claviger.agent.cdh;

import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEY_2_PRIVATE;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEY_PRIVATE;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEY_PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.claviger.agent.cdh.internal.EcKeys;
import dev.claviger.core.Base64s;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SealedSecretTest {
  private static final String VAULT_PAYLOAD =
      "{\"version\":\"0.1.0\",\"type\":\"vault\",\"name\":\"kbs:///one/2/trois\",\"provider\":\"kbs\","
          + "\"provider_settings\":{},\"annotations\":{}}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The key generated for this run (kid "test-key"). */
  private static ECPublicKey testKey() throws CdhException {
    return EcKeys.publicFromJwk(utf8(TEST_KEY_PUBLIC));
  }

  /** Upstream's test-key.json public half, read from the reference document. */
  private static ECPublicKey upstreamKey() throws CdhException {
    return EcKeys.publicFromJwk(utf8(GuestComponentsDoc.testKeyPublicJwk()));
  }

  private static String sealedByTestKey() throws CdhException {
    return SealedSecret.seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), utf8(TEST_KEY_PRIVATE), "test-key");
  }

  private static CdhException.Kind kindOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (CdhException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("no exception");
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void verify_upstreamExampleWithTestKeyPublicPart_succeeds() throws Exception {
    SealedSecret s = SealedSecret.parse(GuestComponentsDoc.sealedExample());
    assertThat(s.kid()).isEqualTo("test-key");
    assertThat(s.verify(upstreamKey())).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
  }

  @Test
  void verify_upstreamExampleWithOtherKey_failsVerification() throws Exception {
    SealedSecret s = SealedSecret.parse(GuestComponentsDoc.sealedExample());
    ECPublicKey other = EcKeys.publicFromJwk(utf8(TEST_KEY_2_PRIVATE));
    assertThat(kindOf(() -> s.verify(other))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void verify_upstreamExampleEveryCharacterFlipped_fails() throws Exception {
    ECPublicKey key = upstreamKey();
    String example = GuestComponentsDoc.sealedExample();
    assertThat(SealedSecret.parse(example).verify(key)).isNotNull();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < example.length(); i++) {
      char c = example.charAt(i);
      char replacement = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
      String tampered =
          example.substring(0, i) + replacement + example.substring(i + 1);
      int at = i;
      assertThatThrownBy(() -> SealedSecret.parse(tampered).verify(key))
          .as("flip at %d", at)
          .isInstanceOf(CdhException.class);
    }
  }

  @Test
  void seal_vaultWithKidTestKey_reproducesUpstreamHeaderAndPayload() throws Exception {
    String sealed = sealedByTestKey();
    String[] mine = sealed.split("\\.");
    String[] theirs = GuestComponentsDoc.sealedExample().split("\\.");
    assertThat(mine[1]).isEqualTo(theirs[1]);
    assertThat(mine[2]).isEqualTo(theirs[2]);
    assertThat(new String(Base64s.decodeUrlNoPad(mine[2]), StandardCharsets.UTF_8)).isEqualTo(VAULT_PAYLOAD);
    assertThat(SealedSecret.parse(sealed).verify(testKey())).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
  }

  @Test
  void seal_envelopeWithSettings_roundTripsThroughParse() throws Exception {
    SecretPayload.Envelope env =
        new SecretPayload.Envelope(
            "key-1", new byte[] {1, 2}, new byte[] {3, 4, 5}, WrapType.A256CTR, new byte[16], "aliyun",
            Map.of("client_type", "sts_token"), Map.of("iv", "AAA="));
    String sealed = SealedSecret.seal(env, utf8(TEST_KEY_PRIVATE), "test-key");
    assertThat(SealedSecret.parse(sealed).verify(testKey())).isEqualTo(env);
  }

  @Test
  void seal_withTestKey2_doesNotVerifyWithTestKey() throws Exception {
    String sealed =
        SealedSecret.seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), utf8(TEST_KEY_2_PRIVATE), "test-key");
    assertThat(kindOf(() -> SealedSecret.parse(sealed).verify(testKey())))
        .isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void seal_publicOnlyJwk_rejected() {
    assertThat(kindOf(() -> SealedSecret.seal(SecretPayload.Vault.kbs("kbs:///a/b/c"), utf8(TEST_KEY_PUBLIC), "k")))
        .isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void verify_p384Key_rejectedAsNotP256() throws Exception {
    var p384 = new ECKeyGenerator(Curve.P_384).generate();
    assertThat(kindOf(() -> EcKeys.publicFromJwk(utf8(p384.toPublicJWK().toJSONString()))))
        .isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    SealedSecret s = SealedSecret.parse(sealedByTestKey());
    assertThat(kindOf(() -> s.verify(p384.toECPublicKey()))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kty\":\"oct\",\"k\":\"AAAA\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"ydGXDu4AruEvpihPDxyIrx_vVQ0CK_QjLYPx_joAB1E\",\"y\":\"ydGXDu4AruEvpihPDxyIrx_vVQ0CK_QjLYPx_joAB1E\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"khtL95Z9AYvz5F9QcqAr9hrNV42sF0nCxAUpdY3wcuA\"}",
        "not json",
        "{}"
      })
  void publicFromJwk_notAP256PublicKey_verificationFailed(String jwk) {
    assertThat(kindOf(() -> EcKeys.publicFromJwk(utf8(jwk)))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  static Stream<String> generatedRsaJwk() throws Exception {
    return Stream.of(new RSAKeyGenerator(2048).generate().toPublicJWK().toJSONString());
  }

  @ParameterizedTest
  @MethodSource("generatedRsaJwk")
  void publicFromJwk_rsaKey_verificationFailed(String jwk) {
    assertThat(kindOf(() -> EcKeys.publicFromJwk(utf8(jwk)))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  private static String sealedWith(String headerJson, String payloadJson) {
    return "sealed." + Base64s.encodeUrlNoPad(utf8(headerJson)) + "."
        + Base64s.encodeUrlNoPad(utf8(payloadJson)) + "." + Base64s.encodeUrlNoPad(new byte[64]);
  }

  @Test
  void parse_algNotEs256_verificationFailed() {
    for (String alg : new String[] {"none", "HS256", "ES384", "RS256", "es256"}) {
      String s = sealedWith("{\"alg\":\"" + alg + "\",\"kid\":\"test-key\"}", VAULT_PAYLOAD);
      assertThat(kindOf(() -> SealedSecret.parse(s))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    }
  }

  @Test
  void parse_headerProblems_rejected() {
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\"}", VAULT_PAYLOAD))))
        .isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":5}", VAULT_PAYLOAD))))
        .isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":\"k\",\"crit\":[\"x\"]}", VAULT_PAYLOAD))))
        .isEqualTo(CdhException.Kind.UNSUPPORTED);
  }

  @Test
  void parse_extraHeaderMembers_tolerated() throws Exception {
    SealedSecret s = SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JWS\"}", VAULT_PAYLOAD));
    assertThat(s.kid()).isEqualTo("k");
  }

  /** Signs arbitrary header and payload JSON with the generated test key. */
  private static String signedRaw(String headerJson, String payloadJson) throws Exception {
    String input = Base64s.encodeUrlNoPad(utf8(headerJson)) + "." + Base64s.encodeUrlNoPad(utf8(payloadJson));
    Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
    sig.initSign(EcKeys.privateFromJwk(utf8(TEST_KEY_PRIVATE)));
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return "sealed." + input + "." + Base64s.encodeUrlNoPad(sig.sign());
  }

  private static final String HEADER = "{\"alg\":\"ES256\",\"kid\":\"test-key\"}";

  @Test
  void verify_signedPayloadWithWrongVersionOrType_unsupported() throws Exception {
    for (String payload :
        new String[] {
          VAULT_PAYLOAD.replace("0.1.0", "0.2.0"),
          VAULT_PAYLOAD.replace("0.1.0", "0.1"),
          VAULT_PAYLOAD.replace("vault", "plain")
        }) {
      SealedSecret s = SealedSecret.parse(signedRaw(HEADER, payload));
      assertThat(kindOf(() -> s.verify(testKey()))).as(payload).isEqualTo(CdhException.Kind.UNSUPPORTED);
    }
    SealedSecret noVersion = SealedSecret.parse(signedRaw(HEADER, "{\"type\":\"vault\"}"));
    assertThat(kindOf(() -> noVersion.verify(testKey()))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_badSignatureOverBadPayload_failsOnSignatureFirst() throws Exception {
    String sealed = sealedWith(HEADER, "not even json");
    SealedSecret s = SealedSecret.parse(sealed);
    assertThat(kindOf(() -> s.verify(testKey()))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    assertThat(kindOf(() -> SealedSecret.parseWithoutVerification(sealed))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_signedEnvelopeWithPlaceholderFields_malformedBase64() throws Exception {
    SealedSecret s = SealedSecret.parse(signedRaw(HEADER, CdhTestVectors.ENVELOPE_PLACEHOLDER));
    assertThat(kindOf(() -> s.verify(testKey()))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_signatureOfWrongLength_verificationFailed() throws Exception {
    String good = signedRaw(HEADER, VAULT_PAYLOAD);
    String derLike = good.substring(0, good.lastIndexOf('.') + 1) + Base64s.encodeUrlNoPad(new byte[70]);
    assertThat(kindOf(() -> SealedSecret.parse(derLike).verify(testKey()))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sealed.",
        "sealed.a.b",
        "sealed.a.b.c.d",
        "unsealed.eyJ9.eyJ9.AA",
        "sealed.eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3Qta2V5In0=.eyJ9.AA",
        "sealed.!!!.eyJ9.AA",
        "sealed.W10.eyJ9.AA"
      })
  void parse_structurallyBroken_malformed(String sealed) {
    assertThat(kindOf(() -> SealedSecret.parse(sealed))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void parse_overlong_rejectedBeforeDecoding() {
    String huge = "sealed." + "A".repeat(SealedSecret.MAX_LENGTH);
    assertThatThrownBy(() -> SealedSecret.parse(huge)).hasMessageContaining("longer than");
  }

  @Test
  void parseWithoutVerification_legacyFakeHeaderForm_readsPayload() throws Exception {
    String legacy = "sealed.fakejwsheader." + Base64s.encodeUrlNoPad(utf8(VAULT_PAYLOAD)) + ".fakesignature";
    assertThat(SealedSecret.parseWithoutVerification(legacy)).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
    assertThat(kindOf(() -> SealedSecret.parse(legacy))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void toString_namesKidNotPayload() throws Exception {
    assertThat(SealedSecret.parse(sealedByTestKey()).toString()).contains("test-key").doesNotContain("trois");
  }
}
