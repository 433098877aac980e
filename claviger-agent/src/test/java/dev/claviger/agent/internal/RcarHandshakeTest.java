package dev.claviger.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClientException;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RcarHandshakeTest {
  private static final String NONCE = "J8mDJ4Ryl6e2-RK1cfZnXtRbYoG9nUmL5mn_NyZmHQk";
  private static final String JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
      + "\"x\":\"QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k\",\"y\":\"jcDn4N4nRBQ-a7_D3qjqtb6hwOAXh_ve1wvibPSi1G0\"}";

  @Test
  void reportData_guestComponentsWorkedVector_matches() throws Exception {
    byte[] digest = RcarHandshake.reportData(HashAlgorithm.SHA384, NONCE, Json.parse(JWK), "");

    assertThat(Hex.encode(digest)).isEqualTo(
        "f6494a36c368fac7e77ac2b5ac81dfa559c696891ac563683e684e11c7cccc233f2dc65f8f9db6117b428766fb958de4");
  }

  @Test
  void reportData_differentNonce_changesDigest() throws Exception {
    byte[] a = RcarHandshake.reportData(HashAlgorithm.SHA384, NONCE, Json.parse(JWK), "");
    byte[] b = RcarHandshake.reportData(HashAlgorithm.SHA384, NONCE + "x", Json.parse(JWK), "");

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void authRequest_matchesUpstreamShape() {
    assertThat(Json.write(RcarHandshake.authRequest("sample"))).isEqualTo(
        "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":"
            + "{\"supported-hash-algorithms\":[\"sha256\",\"sha384\",\"sha512\"]}}");
  }

  @Test
  void attestRequest_withoutInitData_sendsNullAndSnakeCaseEvidence() throws Exception {
    JsonNode evidence = Json.parse("{\"svn\":\"1\",\"report_data\":\"AA==\"}");

    String json = Json.write(RcarHandshake.attestRequest(NONCE, (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(JWK), evidence, Optional.empty()));

    assertThat(json).isEqualTo("{\"init-data\":null,\"runtime-data\":{\"nonce\":\"" + NONCE + "\",\"tee-pubkey\":" + JWK
        + "},\"tee-evidence\":{\"primary_evidence\":{\"svn\":\"1\",\"report_data\":\"AA==\"},\"additional_evidence\":\"\"}}");
  }

  @Test
  void attestRequest_withInitData_sendsTomlVerbatim() throws Exception {
    String toml = "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n";

    JsonNode json = RcarHandshake.attestRequest(NONCE, (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(JWK),
        Json.parse("{}"), Optional.of(InitData.toml(toml)));

    assertThat(json.get("init-data").get("format").asText()).isEqualTo("toml");
    assertThat(json.get("init-data").get("body").asText()).isEqualTo(toml);
  }

  @Test
  void selectedHash_emptyStringOrAbsent_isSha384() throws Exception {
    assertThat(RcarHandshake.selectedHash(Json.parse("\"\""))).isEqualTo(HashAlgorithm.SHA384);
    assertThat(RcarHandshake.selectedHash(null)).isEqualTo(HashAlgorithm.SHA384);
    assertThat(RcarHandshake.selectedHash(Json.parse("{}"))).isEqualTo(HashAlgorithm.SHA384);
  }

  @Test
  void selectedHash_caseInsensitiveSha512_isSelected() throws Exception {
    assertThat(RcarHandshake.selectedHash(Json.parse("{\"selected-hash-algorithm\":\"SHA512\"}")))
        .isEqualTo(HashAlgorithm.SHA512);
  }

  @Test
  void selectedHash_unknownOrNonString_throws() {
    assertThatThrownBy(() -> RcarHandshake.selectedHash(Json.parse("{\"selected-hash-algorithm\":\"md5\"}")))
        .isInstanceOf(KbsClientException.class);
    assertThatThrownBy(() -> RcarHandshake.selectedHash(Json.parse("{\"selected-hash-algorithm\":5}")))
        .isInstanceOf(KbsClientException.class);
  }

  @Test
  void sessionCookie_upstreamHeader_extractsValue() throws Exception {
    Optional<String> cookie = RcarHandshake.sessionCookie(List.of(
        "other=1", "kbs-session-id=0123456789abcdef0123456789abcdef; Expires=Sun, 22 Nov 2026 14:05:00 GMT"));

    assertThat(cookie).contains("0123456789abcdef0123456789abcdef");
  }

  @Test
  void sessionCookie_absent_isEmpty() throws Exception {
    assertThat(RcarHandshake.sessionCookie(List.of("kbs-session=1"))).isEmpty();
  }

  @Test
  void sessionCookie_malformedValue_throws() {
    assertThatThrownBy(() -> RcarHandshake.sessionCookie(List.of("kbs-session-id=")))
        .isInstanceOf(KbsClientException.class);
    assertThatThrownBy(() -> RcarHandshake.sessionCookie(List.of("kbs-session-id=a\"b")))
        .isInstanceOf(KbsClientException.class);
    assertThatThrownBy(() -> RcarHandshake.sessionCookie(List.of("kbs-session-id=" + "a".repeat(400_000))))
        .isInstanceOf(KbsClientException.class);
  }

  @Test
  void expiry_notAJwt_isEmpty() {
    assertThat(RcarHandshake.expiry("not-a-jwt")).isEmpty();
  }

  @Test
  void requiredText_missingOrEmpty_throws() {
    assertThatThrownBy(() -> RcarHandshake.requiredText(Json.parse("{\"nonce\":\"\"}"), "nonce", "challenge"))
        .isInstanceOf(KbsClientException.class).hasMessageContaining("nonce");
    assertThatThrownBy(() -> RcarHandshake.parse("[1]".getBytes(), "challenge"))
        .isInstanceOf(KbsClientException.class);
    assertThatThrownBy(() -> RcarHandshake.parse("{".getBytes(), "challenge"))
        .isInstanceOf(KbsClientException.class);
  }
}
