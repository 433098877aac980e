package dev.claviger.kbs.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.testing.FakeAttestationService;
import dev.claviger.kbs.testing.KbsFixture;
import dev.claviger.kbs.testing.RcarTestClient;
import dev.claviger.kbs.testing.RcarTestClient.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcarHttpTest {
  private static final String ERR = "https://github.com/confidential-containers/kbs/errors/";
  @TempDir Path dir;
  private KbsFixture fx;
  private FakeAttestationService as;
  private URI kbs;
  private final RcarTestClient client = new RcarTestClient();

  @BeforeEach
  void start() throws Exception {
    fx = new KbsFixture(dir);
    as = new FakeAttestationService(fx.clock);
    kbs = fx.start(KbsFixture.config(KbsFixture.trustNothing()), as);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static void assertError(Reply r, int status, String variant) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("type").asText()).isEqualTo(ERR + variant);
    assertThat(r.json().get("detail").asText()).isNotEmpty();
  }

  @Test
  void auth_valid_returnsUpstreamShapedChallengeAndCookie() throws Exception {
    var r = client.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/auth")).POST(HttpRequest.BodyPublishers.ofString(
        "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":\"\"}")), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("nonce").asText()).hasSize(44).endsWith("=");
    assertThat(r.json().get("extra-params").isTextual()).isTrue();
    assertThat(r.json().get("extra-params").asText()).isEmpty();
    var raw = client.http.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/auth")).POST(HttpRequest.BodyPublishers.ofString(
        "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":\"\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    String setCookie = raw.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).matches("kbs-session-id=[A-Za-z0-9_-]+; Expires=\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void auth_wrongProtocolVersion_401AttestationError() throws Exception {
    Reply r = client.auth(kbs, "0.2.0", "sample");
    assertError(r, 401, "AttestationError");
    assertThat(r.json().get("detail").asText()).contains("Protocol Version Mismatch").contains("0.2.0");
  }

  @Test
  void auth_unknownTee_401AttestationError() throws Exception {
    assertError(client.auth(kbs, "0.4.0", "sev"), 401, "AttestationError");
  }

  @Test
  void auth_malformedJson_401SerdeError() throws Exception {
    Reply r = client.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/auth"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"version\":")), null);
    assertError(r, 401, "SerdeError");
  }

  @Test
  void auth_duplicateKeys_401SerdeError() throws Exception {
    Reply r = client.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/auth")).POST(HttpRequest.BodyPublishers.ofString(
        "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"tee\":\"tdx\"}")), null);
    assertError(r, 401, "SerdeError");
  }

  @Test
  void auth_oversizedBody_413PayloadTooLarge() throws Exception {
    String big = "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":\"" + "x".repeat(3 << 20) + "\"}";
    Reply r = client.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/auth"))
        .POST(HttpRequest.BodyPublishers.ofString(big)), null);
    assertError(r, 413, "PayloadTooLarge");
  }

  @Test
  void auth_getMethod_405() throws Exception {
    assertError(client.get(kbs, "/kbs/v0/auth", null, null), 405, "MethodNotAllowed");
  }

  @Test
  void attest_validSampleEvidence_returnsTokenSignedByAsAndAttestedCookie() throws Exception {
    Reply r = client.handshake(kbs);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    SignedJWT jwt = SignedJWT.parse(r.json().get("token").asText());
    assertThat(jwt.verify(new ECDSAVerifier(as.signingKey()))).isTrue();
    assertThat(r.cookie()).isNotNull();
    var req = as.requests.get(0);
    assertThat(req.policyId()).isEqualTo("default");
    assertThat(req.runtimeDataHash().wireName()).isEqualTo("sha384");
    assertThat(req.runtimeData().fieldNames()).toIterable()
        .containsExactlyInAnyOrder("tee-pubkey", "nonce", "additional-evidence");
  }

  @Test
  void attest_attestedCookieAgain_returnsSameToken() throws Exception {
    Reply first = client.handshake(kbs);
    Reply again = client.attest(kbs, first.cookie(), client.attestation("x", "x"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("token").asText()).isEqualTo(first.json().get("token").asText());
  }

  @Test
  void attest_withoutCookie_401AttestationError() throws Exception {
    Reply r = client.attest(kbs, null, client.attestation("n", "n"));
    assertError(r, 401, "AttestationError");
    assertThat(r.json().get("detail").asText()).contains("Cookie");
  }

  @Test
  void attest_forgedCookie_401AttestationError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    char[] c = a.cookie().toCharArray();
    c[c.length / 2] = c[c.length / 2] == 'A' ? 'B' : 'A';
    String nonce = a.json().get("nonce").asText();
    assertError(client.attest(kbs, new String(c), client.attestation(nonce, nonce)), 401, "AttestationError");
  }

  @Test
  void attest_expiredSession_401AttestationError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    fx.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    String nonce = a.json().get("nonce").asText();
    Reply r = client.attest(kbs, a.cookie(), client.attestation(nonce, nonce));
    assertError(r, 401, "AttestationError");
    assertThat(r.json().get("detail").asText()).contains("expired session");
  }

  @Test
  void attest_nonceMismatch_401AttestationError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String other = client.auth(kbs, "0.4.0", "sample").json().get("nonce").asText();
    Reply r = client.attest(kbs, a.cookie(), client.attestation(other, other));
    assertError(r, 401, "AttestationError");
    assertThat(r.json().get("detail").asText()).contains("nonce does not match");
  }

  @Test
  void attest_replayedChallengeCookie_401NonceAlreadyUsed() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String nonce = a.json().get("nonce").asText();
    ObjectNode body = client.attestation(nonce, nonce);
    assertThat(client.attest(kbs, a.cookie(), body).status()).isEqualTo(200);
    Reply replay = client.attest(kbs, a.cookie(), body);
    assertError(replay, 401, "AttestationError");
    assertThat(replay.json().get("detail").asText()).contains("nonce already used");
  }

  @Test
  void attest_reportDataMismatch_401AttestationError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String nonce = a.json().get("nonce").asText();
    Reply r = client.attest(kbs, a.cookie(), client.attestation(nonce, "another-nonce"));
    assertError(r, 401, "AttestationError");
    assertThat(r.json().get("detail").asText()).contains("report data");
  }

  @Test
  void attest_invalidTeeKey_401AttestationError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String nonce = a.json().get("nonce").asText();
    ObjectNode body = client.attestation(nonce, nonce);
    ((ObjectNode) body.get("runtime-data").get("tee-pubkey")).put("crv", "P-192");
    assertError(client.attest(kbs, a.cookie(), body), 401, "AttestationError");
  }

  @Test
  void attest_malformedJson_401SerdeError() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    Reply r = client.send(HttpRequest.newBuilder(kbs.resolve("/kbs/v0/attest"))
        .POST(HttpRequest.BodyPublishers.ofString("[1,2")), a.cookie());
    assertError(r, 401, "SerdeError");
  }

  @Test
  void attest_onAnotherReplica_succeeds() throws Exception {
    URI second = fx.start(KbsFixture.config(KbsFixture.trustNothing()), as);
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String nonce = a.json().get("nonce").asText();
    Reply r = client.attest(second, a.cookie(), client.attestation(nonce, nonce));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Reply replay = client.attest(kbs, a.cookie(), client.attestation(nonce, nonce));
    assertError(replay, 401, "AttestationError");
  }

  @Test
  void unknownPlugin_404PluginNotFound() throws Exception {
    assertError(client.get(kbs, "/kbs/v0/nebula-ca/credential", null, null), 404, "PluginNotFound");
  }

  @Test
  void outsideKbsPrefix_404InvalidRequestPath() throws Exception {
    assertError(client.get(kbs, "/nothing/here", null, null), 404, "InvalidRequestPath");
  }

  @Test
  void healthzAndMetrics_served() throws Exception {
    client.handshake(kbs);
    assertThat(client.get(kbs, "/healthz", null, null).status()).isEqualTo(200);
    Reply m = client.get(kbs, "/metrics", null, null);
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.body()).contains("kbs_rcar_auth_total").contains("kbs_rcar_attest_total{outcome=\"success\"}");
    Reply post = client.send(HttpRequest.newBuilder(kbs.resolve("/metrics")).POST(HttpRequest.BodyPublishers.noBody()), null);
    assertThat(post.status()).isEqualTo(405);
  }
}
