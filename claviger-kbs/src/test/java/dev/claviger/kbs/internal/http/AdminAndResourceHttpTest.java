package dev.claviger.kbs.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.kbs.internal.token.TokenTrust;
import dev.claviger.kbs.testing.AdminTokens;
import dev.claviger.kbs.testing.FakeAttestationService;
import dev.claviger.kbs.testing.KbsFixture;
import dev.claviger.kbs.testing.RcarTestClient;
import dev.claviger.kbs.testing.RcarTestClient.Reply;
import dev.claviger.kbs.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Admin API and the resource endpoint's failure paths that do not need a policy decision. */
class AdminAndResourceHttpTest {
  private static final String ERR = "https://github.com/confidential-containers/kbs/errors/";
  @TempDir Path dir;
  private KbsFixture fx;
  private FakeAttestationService as;
  private final AdminTokens admin = new AdminTokens();
  private final TestTokens trustedIssuer = new TestTokens();
  private final RcarTestClient client = new RcarTestClient();
  private URI kbs;

  @BeforeEach
  void start() throws Exception {
    fx = new KbsFixture(dir);
    as = new FakeAttestationService(fx.clock);
    TokenTrust trust = new TokenTrust(List.of(), List.of(trustedIssuer.publicKey()), List.of(), false);
    kbs = fx.start(KbsFixture.config(trust).withAdmin(admin.policy()), as);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static void assertError(Reply r, int status, String variant) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("type").asText()).isEqualTo(ERR + variant);
  }

  private Reply adminCall(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(kbs.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b, null);
  }

  private String adminToken() {
    return admin.token("admin", fx.clock.instant().plusSeconds(600));
  }

  @Test
  void resource_noTokenNoCookie_401TokenNotFound() throws Exception {
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", null, null), 401, "TokenNotFound");
  }

  @Test
  void resource_challengedCookieOnly_401TokenNotFound() throws Exception {
    Reply a = client.auth(kbs, "0.4.0", "sample");
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", a.cookie(), null), 401, "TokenNotFound");
  }

  @Test
  void resource_tokenFromUntrustedSigner_401TokenVerifierError() throws Exception {
    String token = new TestTokens().sign(TestTokens.ear(client.teePubKey, "tdx", "affirming", fx.clock.instant().plusSeconds(300)));
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", null, token), 401, "TokenVerifierError");
  }

  @Test
  void resource_expiredToken_401TokenVerifierError() throws Exception {
    String token = trustedIssuer.sign(TestTokens.ear(client.teePubKey, "tdx", "affirming", fx.clock.instant().minusSeconds(61)));
    Reply r = client.get(kbs, "/kbs/v0/resource/default/key/1", null, token);
    assertError(r, 401, "TokenVerifierError");
    assertThat(r.json().get("detail").asText()).contains("expired");
  }

  @Test
  void resource_tamperedToken_401TokenVerifierError() throws Exception {
    String token = trustedIssuer.sign(TestTokens.ear(client.teePubKey, "tdx", "affirming", fx.clock.instant().plusSeconds(300)));
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("affirming", "affirmin_");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", null, forged), 401, "TokenVerifierError");
  }

  @Test
  void resource_cookieTokenIsReverifiedAfterAsKeyChange_401() throws Exception {
    Reply attested = client.handshake(kbs);
    URI other = fx.start(KbsFixture.config(KbsFixture.trustNothing()), new FakeAttestationService(fx.clock));
    assertError(client.get(other, "/kbs/v0/resource/default/key/1", attested.cookie(), null), 401, "TokenVerifierError");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/kbs/v0/resource/default/key",
      "/kbs/v0/resource/default/key/1/extra",
      "/kbs/v0/resource/default//1",
      "/kbs/v0/resource/.hidden/key/1",
      "/kbs/v0/resource/default/key/..",
      "/kbs/v0/resource/default/%2e%2e/1",
      "/kbs/v0/resource/default/k%20ey/1",
      "/kbs/v0/resource/de$fault/key/1"})
  void resource_invalidPath_404InvalidRequestPath(String path) throws Exception {
    Reply r = client.get(kbs, path, null, null);
    assertThat(r.status()).as(path + " -> " + r.body()).isIn(400, 404);
    assertThat(r.json().get("type").asText()).isEqualTo(ERR + "InvalidRequestPath");
  }

  @Test
  void resource_traversalOutOfPrefix_jsonErrorNotStackTrace() throws Exception {
    Reply r = client.get(kbs, "/kbs/v0/resource/../../../etc/passwd", null, null);
    assertThat(r.status()).isIn(400, 404);
    assertThat(r.json().get("type").asText()).startsWith(ERR);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  void admin_noToken_401AdminAuthAccess() throws Exception {
    assertError(adminCall("POST", "/kbs/v0/resource/default/key/1", "secret", null), 401, "AdminAuthAccess");
  }

  @Test
  void admin_wrongRole_401AdminAuthAccess() throws Exception {
    String auditor = admin.token("auditor", fx.clock.instant().plusSeconds(600));
    assertError(adminCall("POST", "/kbs/v0/resource/default/key/1", "secret", auditor), 401, "AdminAuthAccess");
  }

  @Test
  void admin_roleAllowedByAcl_callsEndpoint() throws Exception {
    String auditor = admin.token("auditor", fx.clock.instant().plusSeconds(600));
    Reply r = adminCall("GET", "/kbs/v0/resource-policy", null, auditor);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get(0).asText()).isEqualTo("resource-policy");
  }

  @Test
  void admin_expiredOrWrongIssuerOrForeignKey_401AdminAuthAccess() throws Exception {
    assertError(adminCall("DELETE", "/kbs/v0/resource/default/key/1", null,
        admin.token("admin", fx.clock.instant().minusSeconds(61))), 401, "AdminAuthAccess");
    assertError(adminCall("DELETE", "/kbs/v0/resource/default/key/1", null,
        admin.token("admin", fx.clock.instant().plusSeconds(600), "someone-else")), 401, "AdminAuthAccess");
    assertError(adminCall("DELETE", "/kbs/v0/resource/default/key/1", null,
        new AdminTokens().token("admin", fx.clock.instant().plusSeconds(600))), 401, "AdminAuthAccess");
  }

  @Test
  void admin_notConfigured_deniesEverything() throws Exception {
    URI closed = fx.start(KbsFixture.config(KbsFixture.trustNothing()), as);
    HttpRequest.Builder b = HttpRequest.newBuilder(closed.resolve("/kbs/v0/resource/default/key/1"))
        .header("Authorization", "Bearer " + adminToken()).POST(HttpRequest.BodyPublishers.ofString("s"));
    assertError(client.send(b, null), 401, "AdminAuthAccess");
  }

  @Test
  void admin_postResource_storesSealedNotPlaintext() throws Exception {
    Reply r = adminCall("POST", "/kbs/v0/resource/default/key/1", "top-secret-value", adminToken());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    byte[] stored = fx.store.resources().get("default/key/1").orElseThrow();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("top-secret-value");
    assertThat(adminCall("DELETE", "/kbs/v0/resource/default/key/1", null, adminToken()).status()).isEqualTo(200);
    assertThat(fx.store.resources().get("default/key/1")).isEmpty();
  }

  @Test
  void admin_oversizedResource_413() throws Exception {
    Reply r = adminCall("POST", "/kbs/v0/resource/default/key/1", "x".repeat((2 << 20) + 1), adminToken());
    assertError(r, 413, "PayloadTooLarge");
  }

  @Test
  void admin_resourcePolicyNotBase64Url_401SerdeError() throws Exception {
    assertError(adminCall("POST", "/kbs/v0/resource-policy", "{\"policy\":\"cGFja2FnZQ==\"}", adminToken()), 401, "SerdeError");
    assertError(adminCall("POST", "/kbs/v0/resource-policy", "{\"policy\":\"***\"}", adminToken()), 401, "SerdeError");
    assertError(adminCall("POST", "/kbs/v0/resource-policy", "{\"nope\":1}", adminToken()), 401, "SerdeError");
  }

  @Test
  void admin_attestationPolicy_forwardedToAs() throws Exception {
    String rego = "package policy\n";
    String body = "{\"type\":\"rego\",\"policy_id\":\"default_cpu\",\"policy\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(rego.getBytes(StandardCharsets.UTF_8)) + "\"}";
    assertThat(adminCall("POST", "/kbs/v0/attestation-policy", body, adminToken()).status()).isEqualTo(200);
    assertThat(as.getPolicy("default_cpu")).contains(rego);
    String bad = "{\"policy_id\":\"default_cpu\",\"policy\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString("x".getBytes()) + "\"}";
    assertError(adminCall("POST", "/kbs/v0/attestation-policy", bad, adminToken()), 401, "ParsePolicyError");
  }

  @Test
  void admin_referenceValues_registerQueryList() throws Exception {
    String payload = Base64.getEncoder().encodeToString("{\"svn\":[\"1\"]}".getBytes(StandardCharsets.UTF_8));
    String msg = "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"" + payload + "\"}";
    assertThat(adminCall("POST", "/kbs/v0/reference-value", msg, adminToken()).status()).isEqualTo(200);
    Reply q = adminCall("GET", "/kbs/v0/reference-value/svn", null, adminToken());
    assertThat(q.status()).isEqualTo(200);
    assertThat(q.json().get(0).asText()).isEqualTo("1");
    assertThat(adminCall("GET", "/kbs/v0/reference-value", null, adminToken()).json().get(0).get("name").asText()).isEqualTo("svn");
    assertError(adminCall("GET", "/kbs/v0/reference-value/nope", null, adminToken()), 401, "RvpsError");
    assertError(adminCall("POST", "/kbs/v0/reference-value", "{\"version\":\"9\"}", adminToken()), 401, "RvpsError");
  }

  @Test
  void admin_sessionExpiryConfigurable() throws Exception {
    URI shortLived = fx.start(KbsFixture.config(KbsFixture.trustNothing()).withSessionTimeout(Duration.ofSeconds(30)), as);
    Reply a = client.auth(shortLived, "0.4.0", "sample");
    fx.clock.advance(Duration.ofSeconds(31));
    String nonce = a.json().get("nonce").asText();
    assertError(client.attest(shortLived, a.cookie(), client.attestation(nonce, nonce)), 401, "AttestationError");
  }

  @Test
  void resource_oversizedBearerHeader_431JsonError() throws Exception {
    Reply r = client.get(kbs, "/kbs/v0/resource/default/key/1", null, "x".repeat(500_000));
    assertError(r, 431, "PayloadTooLarge");
  }

  /** Requests the JDK client refuses to build, sent over a raw socket: still a JSON error, never 500. */
  @ParameterizedTest
  @ValueSource(strings = {"/kbs/v0/reference-value/bad%zz", "/kbs/v0/resource/a/b/%zz", "/kbs/v0/resource/a/b/c?x=%zz"})
  void rawMalformedEscapes_jsonErrorNot500(String path) throws Exception {
    try (java.net.Socket s = new java.net.Socket(kbs.getHost(), kbs.getPort())) {
      String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminToken()
          + "\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(resp.substring(9, 12));
      assertThat(status).as(resp).isBetween(400, 499);
      assertThat(resp).contains(ERR);
    }
  }
}
