package dev.claviger.agent.cdh;

import static dev.claviger.agent.cdh.UpstreamVectors.SEALED_VAULT_EXAMPLE;
import static dev.claviger.agent.cdh.UpstreamVectors.TEST_KEY_2_PRIVATE;
import static dev.claviger.agent.cdh.UpstreamVectors.TEST_KEY_PRIVATE;
import static dev.claviger.agent.cdh.UpstreamVectors.TEST_KEY_PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.claviger.agent.cdh.internal.EcKeys;
import dev.claviger.core.Base64s;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedSecretTest {
  private static final String UPSTREAM_PAYLOAD =
      "{\"version\":\"0.1.0\",\"type\":\"vault\",\"name\":\"kbs:///one/2/trois\",\"provider\":\"kbs\","
          + "\"provider_settings\":{},\"annotations\":{}}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ECPublicKey testKey() throws CdhException {
    return EcKeys.publicFromJwk(utf8(TEST_KEY_PUBLIC));
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
    SealedSecret s = SealedSecret.parse(SEALED_VAULT_EXAMPLE);
    assertThat(s.kid()).isEqualTo("test-key");
    assertThat(s.verify(testKey())).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
  }

  @Test
  void verify_upstreamExampleWithOtherKey_failsVerification() throws Exception {
    SealedSecret s = SealedSecret.parse(SEALED_VAULT_EXAMPLE);
    ECPublicKey other = EcKeys.publicFromJwk(utf8(TEST_KEY_2_PRIVATE));
    assertThat(kindOf(() -> s.verify(other))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void verify_everyCharacterFlipped_fails() throws Exception {
    ECPublicKey key = testKey();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < SEALED_VAULT_EXAMPLE.length(); i++) {
      char c = SEALED_VAULT_EXAMPLE.charAt(i);
      char replacement = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
      String tampered =
          SEALED_VAULT_EXAMPLE.substring(0, i) + replacement + SEALED_VAULT_EXAMPLE.substring(i + 1);
      int at = i;
      assertThatThrownBy(() -> SealedSecret.parse(tampered).verify(key))
          .as("flip at %d", at)
          .isInstanceOf(CdhException.class);
    }
  }

  @Test
  void seal_vaultWithUpstreamTestKey_reproducesUpstreamHeaderAndPayload() throws Exception {
    String sealed =
        SealedSecret.seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), utf8(TEST_KEY_PRIVATE), "test-key");
    String[] mine = sealed.split("\\.");
    String[] theirs = SEALED_VAULT_EXAMPLE.split("\\.");
    assertThat(mine[1]).isEqualTo(theirs[1]);
    assertThat(mine[2]).isEqualTo(theirs[2]);
    assertThat(new String(Base64s.decodeUrlNoPad(mine[2]), StandardCharsets.UTF_8)).isEqualTo(UPSTREAM_PAYLOAD);
    SealedSecret.parse(sealed).verify(testKey());
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
    SealedSecret s = SealedSecret.parse(SEALED_VAULT_EXAMPLE);
    assertThat(kindOf(() -> s.verify(p384.toECPublicKey()))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kty\":\"RSA\",\"n\":\"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw\",\"e\":\"AQAB\"}",
        "{\"kty\":\"oct\",\"k\":\"AAAA\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k\",\"y\":\"QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
        "not json",
        "{}"
      })
  void publicFromJwk_notAP256PublicKey_verificationFailed(String jwk) {
    assertThat(kindOf(() -> EcKeys.publicFromJwk(utf8(jwk)))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  private static String sealedWith(String headerJson, String payloadJson) {
    return "sealed." + Base64s.encodeUrlNoPad(utf8(headerJson)) + "."
        + Base64s.encodeUrlNoPad(utf8(payloadJson)) + "." + Base64s.encodeUrlNoPad(new byte[64]);
  }

  @Test
  void parse_algNotEs256_verificationFailed() {
    for (String alg : new String[] {"none", "HS256", "ES384", "RS256", "es256"}) {
      String s = sealedWith("{\"alg\":\"" + alg + "\",\"kid\":\"test-key\"}", UPSTREAM_PAYLOAD);
      assertThat(kindOf(() -> SealedSecret.parse(s))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    }
  }

  @Test
  void parse_headerProblems_rejected() {
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\"}", UPSTREAM_PAYLOAD))))
        .isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":5}", UPSTREAM_PAYLOAD))))
        .isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kindOf(() -> SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":\"k\",\"crit\":[\"x\"]}", UPSTREAM_PAYLOAD))))
        .isEqualTo(CdhException.Kind.UNSUPPORTED);
  }

  @Test
  void parse_extraHeaderMembers_tolerated() throws Exception {
    SealedSecret s = SealedSecret.parse(sealedWith("{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JWS\"}", UPSTREAM_PAYLOAD));
    assertThat(s.kid()).isEqualTo("k");
  }

  /** Signs arbitrary header and payload JSON with the upstream test key. */
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
          UPSTREAM_PAYLOAD.replace("0.1.0", "0.2.0"),
          UPSTREAM_PAYLOAD.replace("0.1.0", "0.1"),
          UPSTREAM_PAYLOAD.replace("vault", "plain")
        }) {
      SealedSecret s = SealedSecret.parse(signedRaw(HEADER, payload));
      assertThat(kindOf(() -> s.verify(testKey()))).as(payload).isEqualTo(CdhException.Kind.UNSUPPORTED);
    }
    SealedSecret noVersion = SealedSecret.parse(signedRaw(HEADER, "{\"type\":\"vault\"}"));
    assertThat(kindOf(() -> noVersion.verify(testKey()))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_badSignatureOverBadPayload_failsOnSignatureFirst() throws Exception {
    SealedSecret s = SealedSecret.parse(sealedWith(HEADER, "not even json"));
    assertThat(kindOf(() -> s.verify(testKey()))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    assertThat(kindOf(s::unverifiedPayload)).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_signedUpstreamEnvelopePlaceholder_malformedBase64() throws Exception {
    SealedSecret s = SealedSecret.parse(signedRaw(HEADER, UpstreamVectors.ENVELOPE_1));
    assertThat(kindOf(() -> s.verify(testKey()))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void verify_signatureOfWrongLength_verificationFailed() throws Exception {
    String good = signedRaw(HEADER, UPSTREAM_PAYLOAD);
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
    String legacy = "sealed.fakejwsheader." + Base64s.encodeUrlNoPad(utf8(UPSTREAM_PAYLOAD)) + ".fakesignature";
    assertThat(SealedSecret.parseWithoutVerification(legacy)).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
    assertThat(kindOf(() -> SealedSecret.parse(legacy))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void toString_namesKidNotPayload() throws Exception {
    assertThat(SealedSecret.parse(SEALED_VAULT_EXAMPLE).toString()).contains("test-key").doesNotContain("trois");
  }
}
