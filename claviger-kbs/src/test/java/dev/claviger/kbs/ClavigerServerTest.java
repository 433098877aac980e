package dev.claviger.kbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.testing.RcarTestClient;
import dev.claviger.kbs.testing.RcarTestClient.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one server with the real Attestation Service and sample verifier: the full RCAR flow
 * over HTTP, as the README quick start does it, with the bootstrap admin token.
 */
class ClavigerServerTest {
  private static final String TOML = """
      [http_server]
      sockets = ["127.0.0.1:0"]
      insecure_http = true

      [attestation_service]
      timeout = 5
      [attestation_service.verifier_config]
      allow_insecure_sample = true
      """;
  private static final String ALLOW_AFFIRMING = """
      package policy
      import rego.v1
      default allow := false
      allow if {
        data.plugin == "resource"
        count(input.submods) > 0
        every _, s in input.submods { s["ear.status"] == "affirming" }
      }
      """;
  @TempDir Path dataDir;
  private final RcarTestClient client = new RcarTestClient();

  private Reply admin(URI base, String token, String method, String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.ofString(body)), null);
  }

  @Test
  void start_sampleTee_fullRcarFlowReleasesResource() throws Exception {
    try (ClavigerServer server = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      assertThat(Files.getPosixFilePermissions(server.adminTokenFile()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String token = Files.readString(server.adminTokenFile()).strip();

      String rv = Base64.getEncoder().encodeToString(
          "{\"launch_digest\":[\"abcde\"],\"svn\":[\"1\"],\"major_version\":1,\"minimum_minor_version\":0}"
              .getBytes(StandardCharsets.UTF_8));
      assertThat(admin(base, token, "POST", "/kbs/v0/reference-value",
          "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"" + rv + "\"}").status()).isEqualTo(200);
      assertThat(admin(base, token, "POST", "/kbs/v0/resource-policy", "{\"policy\":\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(ALLOW_AFFIRMING.getBytes(StandardCharsets.UTF_8))
          + "\"}").status()).isEqualTo(200);
      assertThat(admin(base, token, "POST", "/kbs/v0/resource/default/key/1", "quick-start-secret").status())
          .isEqualTo(200);

      Reply attested = client.handshake(base);
      assertThat(attested.status()).as(attested.body()).isEqualTo(200);
      SignedJWT ear = SignedJWT.parse(attested.json().get("token").asText());
      assertThat(ear.getJWTClaimsSet().getJSONObjectClaim("submods")).containsKey("cpu0");

      Reply r = client.get(base, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("quick-start-secret");
    }
  }

  @Test
  void start_defaultResourcePolicy_deniesSampleEvenWhenAffirming() throws Exception {
    try (ClavigerServer server = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      String token = Files.readString(server.adminTokenFile()).strip();
      admin(base, token, "POST", "/kbs/v0/resource/default/key/1", "s");
      Reply attested = client.handshake(base);
      assertThat(attested.status()).as(attested.body()).isEqualTo(200);
      Reply r = client.get(base, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("type").asText()).endsWith("/PolicyDeny");
    }
  }

  @Test
  void restart_sameDataDir_keepsAdminTokenSigningKeyAndResources() throws Exception {
    String adminToken;
    try (ClavigerServer first = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      adminToken = Files.readString(first.adminTokenFile()).strip();
      URI base = URI.create("http://127.0.0.1:" + first.port());
      assertThat(admin(base, adminToken, "POST", "/kbs/v0/resource/default/key/1", "kept").status()).isEqualTo(200);
    }
    try (ClavigerServer second = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      assertThat(Files.readString(second.adminTokenFile()).strip()).isEqualTo(adminToken);
      URI base = URI.create("http://127.0.0.1:" + second.port());
      assertThat(admin(base, adminToken, "DELETE", "/kbs/v0/resource/default/key/1", "").status()).isEqualTo(200);
    }
  }

  @Test
  void twoServers_sharedDataDir_authOnOneAttestAndFetchOnOther() throws Exception {
    try (ClavigerServer a = ClavigerServer.start(ServerConfig.parse(TOML), dataDir);
        ClavigerServer b = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      URI baseA = URI.create("http://127.0.0.1:" + a.port());
      URI baseB = URI.create("http://127.0.0.1:" + b.port());
      String token = Files.readString(a.adminTokenFile()).strip();
      String rv = Base64.getEncoder().encodeToString(
          "{\"launch_digest\":[\"abcde\"],\"svn\":[\"1\"],\"major_version\":1,\"minimum_minor_version\":0}"
              .getBytes(StandardCharsets.UTF_8));
      admin(baseA, token, "POST", "/kbs/v0/reference-value",
          "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"" + rv + "\"}");
      admin(baseB, token, "POST", "/kbs/v0/resource-policy", "{\"policy\":\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(ALLOW_AFFIRMING.getBytes(StandardCharsets.UTF_8)) + "\"}");
      admin(baseA, token, "POST", "/kbs/v0/resource/default/key/1", "replicated");

      Reply challenge = client.auth(baseA, "0.4.0", "sample");
      String nonce = challenge.json().get("nonce").asText();
      Reply attested = client.attest(baseB, challenge.cookie(), client.attestation(nonce, nonce));
      assertThat(attested.status()).as(attested.body()).isEqualTo(200);
      Reply r = client.get(baseA, "/kbs/v0/resource/default/key/1", attested.cookie(), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(new String(client.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo("replicated");
      Reply replay = client.attest(baseA, challenge.cookie(), client.attestation(nonce, nonce));
      assertThat(replay.status()).isEqualTo(401);
    }
  }

  @Test
  void start_tls_servesHttpsWithConfiguredCertificate() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.security.KeyPair kp = g.generateKeyPair();
    var now = java.time.Instant.now();
    var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
        new org.bouncycastle.asn1.x500.X500Name("CN=kbs"), java.math.BigInteger.ONE,
        java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)),
        new org.bouncycastle.asn1.x500.X500Name("CN=kbs"), kp.getPublic());
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
            org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
    java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
            .build(kp.getPrivate())));
    Path key = dataDir.resolve("tls.key");
    Path crt = dataDir.resolve("tls.crt");
    Files.writeString(key, dev.claviger.kbs.internal.token.Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(crt, dev.claviger.kbs.internal.token.Pem.encode("CERTIFICATE", cert.getEncoded()));
    String toml = "[http_server]\nsockets = [\"127.0.0.1:0\"]\nprivate_key = \"" + key + "\"\ncertificate = \"" + crt + "\"\n";
    try (ClavigerServer server = ClavigerServer.start(ServerConfig.parse(toml), dataDir.resolve("data"))) {
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("kbs", cert);
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      var https = java.net.http.HttpClient.newBuilder().sslContext(ctx).build();
      var resp = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void attest_realAsReportDataMismatch_401AttestationError() throws Exception {
    try (ClavigerServer server = ClavigerServer.start(ServerConfig.parse(TOML), dataDir)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      Reply challenge = client.auth(base, "0.4.0", "sample");
      String nonce = challenge.json().get("nonce").asText();
      Reply r = client.attest(base, challenge.cookie(), client.attestation(nonce, "not-the-nonce"));
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.json().get("type").asText()).endsWith("/AttestationError");
    }
  }
}
