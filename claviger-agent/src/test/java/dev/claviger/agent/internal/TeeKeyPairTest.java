package dev.claviger.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TeeKeyPairTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] SECRET = "the disk key".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void decrypt_nimbusEncryptedResponse_returnsPlaintext(TeeKeySpec spec) throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(spec, RANDOM);

    try (SecretBytes plain = key.decrypt(JweTestSupport.encrypt(key.publicJwk(), SECRET))) {
      assertThat(plain.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void publicJwk_p256_hasFixedLengthCoordinatesAndAlg() {
    ObjectNode jwk = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM).publicJwk();

    assertThat(jwk.get("kty").asText()).isEqualTo("EC");
    assertThat(jwk.get("crv").asText()).isEqualTo("P-256");
    assertThat(jwk.get("alg").asText()).isEqualTo("ECDH-ES+A256KW");
    assertThat(jwk.get("x").asText()).hasSize(43);
    assertThat(jwk.get("y").asText()).hasSize(43);
    assertThat(jwk.has("d")).isFalse();
  }

  @Test
  void publicJwk_p521_has66ByteCoordinates() {
    ObjectNode jwk = TeeKeyPair.generate(TeeKeySpec.EC_P521, RANDOM).publicJwk();

    assertThat(jwk.get("crv").asText()).isEqualTo("P-521");
    assertThat(jwk.get("x").asText()).hasSize(88);
    assertThat(jwk.get("y").asText()).hasSize(88);
  }

  @Test
  void publicJwk_rsa_hasMinimalModulusAndExponent() {
    ObjectNode jwk = TeeKeyPair.generate(TeeKeySpec.RSA_2048, RANDOM).publicJwk();

    assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
    assertThat(jwk.get("alg").asText()).isEqualTo("RSA-OAEP-256");
    assertThat(jwk.get("e").asText()).isEqualTo("AQAB");
    assertThat(jwk.get("n").asText()).hasSize(342);
    assertThat(jwk.has("d")).isFalse();
  }

  @Test
  void fixedLength_shortValue_isLeftPadded() {
    assertThat(TeeKeyPair.fixedLength(java.math.BigInteger.ONE, 4)).containsExactly(0, 0, 0, 1);
  }

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void decrypt_flippedCiphertextByte_failsWithDecryption(TeeKeySpec spec) throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(spec, RANDOM);
    ObjectNode response = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    response.put("ciphertext", JweTestSupport.flipFirstByte(response.get("ciphertext").asText()));

    assertThatThrownBy(() -> key.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION));
  }

  @Test
  void decrypt_flippedTag_failsWithDecryption() throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);
    ObjectNode response = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    response.put("tag", JweTestSupport.flipFirstByte(response.get("tag").asText()));

    assertThatThrownBy(() -> key.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION));
  }

  @Test
  void decrypt_protectedHeaderReencoded_failsBecauseAadIsTheReceivedString() throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);
    ObjectNode response = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    // Same header members, different serialisation: the AAD changes, so GCM must reject it.
    JsonNode header = Json.parse(java.util.Base64.getUrlDecoder().decode(response.get("protected").asText()));
    String pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(header);
    response.put("protected", java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(pretty.getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> key.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION));
  }

  @Test
  void decrypt_algDifferentFromKey_isRefusedBeforeDecryption() throws Exception {
    TeeKeyPair rsaOaep = TeeKeyPair.generate(TeeKeySpec.RSA_2048, RANDOM);
    ObjectNode jwk = rsaOaep.publicJwk();
    jwk.put("alg", "RSA1_5");
    ObjectNode response = JweTestSupport.encrypt(jwk, SECRET);

    assertThatThrownBy(() -> rsaOaep.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PROTOCOL);
          assertThat(e.detail()).contains("RSA1_5");
        });
  }

  @Test
  void decrypt_aadMember_isRefused() throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);
    ObjectNode response = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    response.put("aad", "AQID");

    assertThatThrownBy(() -> key.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROTOCOL));
  }

  @Test
  void decrypt_missingOrUnknownMember_isRefused() throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);
    ObjectNode missing = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    missing.remove("iv");
    ObjectNode extra = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    extra.put("header", "x");

    assertThatThrownBy(() -> key.decrypt(missing)).isInstanceOf(KbsClientException.class).hasMessageContaining("iv");
    assertThatThrownBy(() -> key.decrypt(extra)).isInstanceOf(KbsClientException.class).hasMessageContaining("header");
    assertThatThrownBy(() -> key.decrypt(Json.parse("[]"))).isInstanceOf(KbsClientException.class);
  }

  @Test
  void decrypt_garbageProtectedHeader_isProtocolError() throws Exception {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);
    ObjectNode response = JweTestSupport.encrypt(key.publicJwk(), SECRET);
    response.put("protected", "bm90IGpzb24");

    assertThatThrownBy(() -> key.decrypt(response))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROTOCOL));
  }

  @Test
  void toString_hasNoKeyMaterial() {
    TeeKeyPair key = TeeKeyPair.generate(TeeKeySpec.EC_P256, RANDOM);

    assertThat(key.toString()).doesNotContain(key.publicJwk().get("x").asText()).contains("redacted");
  }
}
