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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource release end to end over HTTP, with the AS test double and the real policy engine. */
class ResourceFlowHttpTest {
  private static final String ERR = "https://github.com/confidential-containers/kbs/errors/";
  private static final String ALLOW_AFFIRMING = """
      package policy
      import rego.v1
      default allow := false
      allow if {
        data.plugin == "resource"
        every _, s in input.submods { s["ear.status"] == "affirming" }
      }
      """;
  @TempDir Path dir;
  private KbsFixture fx;
  private FakeAttestationService as;
  private final AdminTokens admin = new AdminTokens();
  private final RcarTestClient client = new RcarTestClient();
  private URI kbs;

  @BeforeEach
  void start() throws Exception {
    fx = new KbsFixture(dir);
    as = new FakeAttestationService(fx.clock);
    kbs = fx.start(KbsFixture.config(KbsFixture.trustNothing()).withAdmin(admin.policy()), as);
    adminPost("/kbs/v0/resource/default/key/1", "disk-passphrase");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private void adminPost(String path, String body) throws Exception {
    Reply r = client.send(HttpRequest.newBuilder(kbs.resolve(path))
        .header("Authorization", "Bearer " + admin.token("admin", fx.clock.instant().plusSeconds(600)))
        .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private void allowAffirmingIncludingSample() throws Exception {
    adminPost("/kbs/v0/resource-policy", "{\"policy\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(ALLOW_AFFIRMING.getBytes(StandardCharsets.UTF_8)) + "\"}");
  }

  private static void assertError(Reply r, int status, String variant) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("type").asText()).isEqualTo(ERR + variant);
  }

  @Test
  void resource_attestedCookie_releasedAsJweToTeeKey() throws Exception {
    allowAffirmingIncludingSample();
    Reply attested = client.handshake(kbs);
    Reply r = client.get(kbs, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("disk-passphrase");
  }

  @Test
  void resource_bearerToken_released() throws Exception {
    allowAffirmingIncludingSample();
    String token = client.handshake(kbs).json().get("token").asText();
    Reply r = client.get(kbs, "/kbs/v0/resource/default/key/1", null, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("disk-passphrase");
  }

  @Test
  void resource_defaultPolicy_deniesSampleTee() throws Exception {
    Reply attested = client.handshake(kbs);
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", attested.cookie(), null), 401, "PolicyDeny");
  }

  @Test
  void resource_nonAffirmingToken_401PolicyDeny() throws Exception {
    allowAffirmingIncludingSample();
    as.status = "warning";
    Reply attested = client.handshake(kbs);
    assertError(client.get(kbs, "/kbs/v0/resource/default/key/1", attested.cookie(), null), 401, "PolicyDeny");
  }

  @Test
  void resource_unknownResource_401PluginInternalError() throws Exception {
    allowAffirmingIncludingSample();
    Reply attested = client.handshake(kbs);
    Reply r = client.get(kbs, "/kbs/v0/resource/default/key/404", attested.cookie(), null);
    assertError(r, 401, "PluginInternalError");
    assertThat(r.json().get("detail").asText()).contains("not found");
  }

  @Test
  void statelessReplicas_authOnOneAttestAndFetchOnAnother() throws Exception {
    allowAffirmingIncludingSample();
    URI second = fx.start(KbsFixture.config(KbsFixture.trustNothing()).withAdmin(admin.policy()), as);
    Reply a = client.auth(kbs, "0.4.0", "sample");
    String nonce = a.json().get("nonce").asText();
    Reply attested = client.attest(second, a.cookie(), client.attestation(nonce, nonce));
    assertThat(attested.status()).as(attested.body()).isEqualTo(200);
    for (URI replica : List.of(kbs, second)) {
      Reply r = client.get(replica, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("disk-passphrase");
    }
  }

  @Test
  void passportMode_resourceKbsWithoutAs_releasesToBearerFromTrustedIssuer() throws Exception {
    allowAffirmingIncludingSample();
    TestTokens issuer = new TestTokens();
    URI passport = fx.start(KbsFixture.config(new TokenTrust(List.of(), List.of(issuer.publicKey()), List.of(), false)), null);
    String token = issuer.sign(TestTokens.ear(client.teePubKey, "tdx", "affirming", fx.clock.instant().plusSeconds(300)));
    Reply r = client.get(passport, "/kbs/v0/resource/default/key/1", null, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("disk-passphrase");
    assertError(client.auth(passport, "0.4.0", "sample"), 401, "AttestationError");
  }

  @Test
  void resource_tokenWithoutTeeKey_401JweError() throws Exception {
    allowAffirmingIncludingSample();
    TestTokens issuer = new TestTokens();
    URI passport = fx.start(KbsFixture.config(new TokenTrust(List.of(), List.of(issuer.publicKey()), List.of(), false)), null);
    var claims = TestTokens.ear(client.teePubKey, "tdx", "affirming", fx.clock.instant().plusSeconds(300));
    ((com.fasterxml.jackson.databind.node.ObjectNode) claims.at("/submods/cpu0/ear.veraison.annotated-evidence"))
        .remove("runtime_data_claims");
    assertError(client.get(passport, "/kbs/v0/resource/default/key/1", null, issuer.sign(claims)), 401, "JweError");
  }

  @Test
  void metrics_countReleasesAndDenials() throws Exception {
    Reply attested = client.handshake(kbs);
    client.get(kbs, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
    String m = client.get(kbs, "/metrics", null, null).body();
    assertThat(m).contains("kbs_resource_requests_total{outcome=\"PolicyDeny\"}");
    assertThat(m).contains("kbs_http_requests_seconds_count{endpoint=\"resource\"");
  }

  @Test
  void passportMode_rsaOaepTeeKey_releasedAndDecryptedByNimbus() throws Exception {
    allowAffirmingIncludingSample();
    TestTokens issuer = new TestTokens();
    URI passport = fx.start(KbsFixture.config(new TokenTrust(List.of(), List.of(issuer.publicKey()), List.of(), false)), null);
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair rsa = g.generateKeyPair();
    var jwk = (com.fasterxml.jackson.databind.node.ObjectNode) dev.claviger.kbs.internal.json.KbsJson.mapper().readTree(
        new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) rsa.getPublic()).build().toJSONString());
    jwk.put("alg", "RSA-OAEP-256");
    String token = issuer.sign(TestTokens.ear(jwk, "tdx", "affirming", fx.clock.instant().plusSeconds(300)));
    Reply r = client.get(passport, "/kbs/v0/resource/default/key/1", null, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String compact = String.join(".", r.json().get("protected").asText(), r.json().get("encrypted_key").asText(),
        r.json().get("iv").asText(), r.json().get("ciphertext").asText(), r.json().get("tag").asText());
    var jwe = com.nimbusds.jose.JWEObject.parse(compact);
    jwe.decrypt(new com.nimbusds.jose.crypto.RSADecrypter(rsa.getPrivate()));
    assertThat(jwe.getPayload().toString()).isEqualTo("disk-passphrase");
    assertThat(new String(Base64.getUrlDecoder().decode(r.json().get("protected").asText()), StandardCharsets.US_ASCII))
        .isEqualTo("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}");
  }
}
