package dev.claviger.agent.cdh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPayloadTest {
  // confidential-data-hub/hub/src/secret/tests/vault-2.json
  private static final String VAULT_2 =
      """
      {
        "version": "0.1.0",
        "type": "vault",
        "name": "kbs:///one/2/trois",
        "provider": "kbs",
        "provider_settings": {},
        "annotations": {}
      }""";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_upstreamVault2_isKbsVault() throws Exception {
    assertThat(SecretPayload.parse(utf8(VAULT_2))).isEqualTo(SecretPayload.Vault.kbs("kbs:///one/2/trois"));
  }

  @Test
  void envelope_toJsonAndParse_roundTripsInUpstreamMemberOrder() throws Exception {
    var env =
        SecretPayload.Envelope.sealWithKbsKek(
            "kbs:///d/kek/1", SecretBytes.random(32, new SecureRandom()), utf8("x"), WrapType.A256GCM, new SecureRandom());
    String json = new String(env.toJson(), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith("{\"version\":\"0.1.0\",\"type\":\"envelope\",\"key_id\":\"kbs:///d/kek/1\",\"encrypted_key\":")
        .containsSubsequence("\"encrypted_data\"", "\"wrap_type\":\"A256GCM\"", "\"iv\"", "\"provider\":\"kbs\"",
            "\"provider_settings\":{}", "\"annotations\":{}");
    assertThat(SecretPayload.parse(env.toJson())).isEqualTo(env);
    assertThat(env.encryptedKey()).hasSize(40);
  }

  @Test
  void parse_annotationValuesOfOtherTypes_keptAsJsonText() throws Exception {
    String json =
        "{\"version\":\"0.1.0\",\"type\":\"vault\",\"name\":\"n\",\"provider\":\"aws\","
            + "\"provider_settings\":{\"retries\":3,\"nested\":{\"a\":true}},\"annotations\":{\"version_stage\":\"AWSCURRENT\"}}";
    var v = (SecretPayload.Vault) SecretPayload.parse(utf8(json));
    assertThat(v.providerSettings()).containsExactly(Map.entry("retries", "3"), Map.entry("nested", "{\"a\":true}"));
    assertThat(v.annotations()).containsEntry("version_stage", "AWSCURRENT");
  }

  @Test
  void parse_unknownWrapType_unsupported() {
    String json =
        "{\"version\":\"0.1.0\",\"type\":\"envelope\",\"key_id\":\"k\",\"encrypted_key\":\"AA==\","
            + "\"encrypted_data\":\"AA==\",\"wrap_type\":\"A128CBC\",\"iv\":\"AA==\",\"provider\":\"kbs\"}";
    assertThatThrownBy(() -> SecretPayload.parse(utf8(json)))
        .isInstanceOfSatisfying(CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.UNSUPPORTED));
  }

  @Test
  void parse_missingMembers_malformed() {
    for (String json :
        new String[] {
          "{\"version\":\"0.1.0\",\"type\":\"vault\",\"provider\":\"kbs\"}",
          "{\"version\":\"0.1.0\",\"type\":\"vault\",\"name\":\"n\"}",
          "{\"version\":\"0.1.0\",\"type\":\"envelope\",\"key_id\":\"k\",\"wrap_type\":\"A256GCM\",\"provider\":\"kbs\"}",
          "{\"version\":0.1,\"type\":\"vault\",\"name\":\"n\",\"provider\":\"kbs\"}",
          "{\"version\":\"0.1.0\",\"type\":\"vault\",\"name\":\"n\",\"provider\":\"kbs\",\"annotations\":\"x\"}"
        }) {
      assertThatThrownBy(() -> SecretPayload.parse(utf8(json)))
          .as(json)
          .isInstanceOfSatisfying(CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.MALFORMED));
    }
  }

  @Test
  void envelopeToString_hidesCiphertext() throws Exception {
    var env =
        new SecretPayload.Envelope("k", new byte[] {1}, new byte[] {(byte) 0xAB, (byte) 0xCD}, WrapType.A256GCM, new byte[12], "kbs", Map.of(), Map.of());
    assertThat(env.toString()).doesNotContain("q80").contains("2 bytes");
  }
}
