package dev.claviger.kbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.kbs.internal.admin.AdminPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  @Test
  void parse_insecureHttpMinimal_defaults() throws Exception {
    ServerConfig c = ServerConfig.parse("[http_server]\ninsecure_http = true\n");
    assertThat(c.kbs().sockets()).hasSize(1);
    assertThat(c.kbs().sockets().get(0).getPort()).isEqualTo(8080);
    assertThat(c.kbs().tls()).isEmpty();
    assertThat(c.kbs().maxRequestBytes()).isEqualTo(2L << 20);
    assertThat(c.kbs().sessionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.kbs().admin().mode()).isEqualTo(AdminPolicy.Mode.DENY_ALL);
    assertThat(c.adminConfigured()).isFalse();
    assertThat(c.storage()).isInstanceOf(ServerConfig.Sqlite.class);
    assertThat(c.adminTokenValidity()).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void parse_noTlsAndNotInsecure_rejected() {
    assertThatThrownBy(() -> ServerConfig.parse("")).isInstanceOf(KbsStartException.class)
        .hasMessageContaining("insecure_http");
  }

  @Test
  void parse_fullExample_readsEverySection() throws Exception {
    Path pub = dir.resolve("admin.pub");
    Files.writeString(pub, dev.claviger.kbs.internal.token.Pem.encode("PUBLIC KEY",
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
    String toml = """
        [http_server]
        sockets = ["0.0.0.0:8443", "[::1]:9443"]
        private_key = "/etc/kbs/key.pem"
        certificate = "/etc/kbs/cert.pem"
        payload_request_size = 8

        [admin]
        authorization_mode = "AuthenticatedAuthorization"
        [admin.authentication.bearer_jwt]
        identity_providers = [{ issuer = "ops", audience = "kbs", public_key_uri = "%s" }]
        [admin.authorization.regex_acl]
        acls = [{ role = "admin", allowed_endpoints = "^/kbs/v0/.+$" }]

        [attestation_token]
        extra_teekey_paths = ["/attester_runtime_data/tee-pubkey"]
        insecure_header_jwk = false

        [attestation_service]
        type = "coco_as_builtin"
        timeout = 10
        [attestation_service.attestation_token_broker]
        duration_min = 10

        [policy_engine]
        policy_path = "/etc/kbs/policy.rego"

        [storage]
        type = "postgres"
        url = "jdbc:postgresql://db:5432/claviger"
        user = "kbs"
        password_file = "/run/secrets/db"
        pool_size = 20

        [kms]
        master_key_file = "/var/lib/claviger/master.key"

        [session]
        key_file = "/run/secrets/session.key"

        [[plugins]]
        name = "resource"
        """.formatted(pub.toUri());
    ServerConfig c = ServerConfig.parse(toml);
    assertThat(c.kbs().sockets()).hasSize(2);
    assertThat(c.kbs().tls()).isPresent();
    assertThat(c.kbs().maxRequestBytes()).isEqualTo(8L << 20);
    assertThat(c.kbs().sessionTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.kbs().admin().mode()).isEqualTo(AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION);
    assertThat(c.kbs().admin().identityProviders().get(0).issuer()).contains("ops");
    assertThat(c.kbs().extraTeeKeyPaths()).containsExactly("/attester_runtime_data/tee-pubkey");
    assertThat(c.attestationService().at("/attestation_token_broker/duration_min").asInt()).isEqualTo(10);
    assertThat(c.storage()).isEqualTo(new ServerConfig.Postgres("jdbc:postgresql://db:5432/claviger", "kbs",
        java.util.Optional.of(Path.of("/run/secrets/db")), 20));
    assertThat(c.sessionKeyFile()).contains(Path.of("/run/secrets/session.key"));
    assertThat(c.adminConfigured()).isTrue();
  }

  @Test
  void parse_typosAndBadValues_rejectedWithKeyName() {
    assertRejected("[http_server]\ninsecure_http = true\nsocket = [\"a:1\"]\n", "http_server.socket");
    assertRejected("[http_server]\ninsecure_http = true\n[storage_backend]\nstorage_type = \"Memory\"\n", "storage_backend");
    assertRejected("[http_server]\ninsecure_http = \"yes\"\n", "insecure_http");
    assertRejected("[http_server]\ninsecure_http = true\npayload_request_size = -1\n", "payload_request_size");
    assertRejected("[http_server]\ninsecure_http = true\n[admin]\nauthorization_mode = \"AllowAll\"\n", "authorization_mode");
    assertRejected("[http_server]\ninsecure_http = true\n[admin]\nauthorization_mode = \"AuthenticatedAuthorization\"\n",
        "identity provider");
    assertRejected("[http_server]\ninsecure_http = true\n[admin.authorization.regex_acl]\nacls = [{role=\"a\", allowed_endpoints=\".*\"}]\n",
        "must start with ^/kbs");
    assertRejected("[http_server]\ninsecure_http = true\n[attestation_service]\ntype = \"intel_ta\"\n", "coco_as_builtin");
    assertRejected("[http_server]\ninsecure_http = true\n[attestation_token]\ntrusted_jwk_sets = [\"http://x\"]\n", "file:// or https://");
    assertRejected("[http_server]\ninsecure_http = true\n[[plugins]]\nname = \"nebula-ca\"\n", "resource plugin");
    assertRejected("[http_server\n", "not valid TOML");
  }

  private static void assertRejected(String toml, String fragment) {
    assertThatThrownBy(() -> ServerConfig.parse(toml)).isInstanceOf(KbsStartException.class)
        .hasMessageContaining(fragment);
  }

  /** The documented example must stay a valid configuration. */
  @Test
  void parse_docsConfigurationExample_valid() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(doc), "docs/configuration.md not found");
    String md = Files.readString(doc);
    int start = md.indexOf("```toml\n") + "```toml\n".length();
    String toml = md.substring(start, md.indexOf("```", start));
    var root = java.security.KeyPairGenerator.getInstance("EC");
    root.initialize(256);
    var kp = root.generateKeyPair();
    var now = java.time.Instant.now();
    var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(new org.bouncycastle.asn1.x500.X500Name("CN=ca"),
            java.math.BigInteger.TEN, java.util.Date.from(now), java.util.Date.from(now.plusSeconds(60)),
            new org.bouncycastle.asn1.x500.X500Name("CN=ca"), kp.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, dev.claviger.kbs.internal.token.Pem.encode("CERTIFICATE", cert.getEncoded()));
    Path adminPub = dir.resolve("admin.pub.pem");
    Files.writeString(adminPub, dev.claviger.kbs.internal.token.Pem.encode("PUBLIC KEY",
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
    toml = toml.replace("file:///etc/claviger/admin.pub.pem", adminPub.toUri().toString())
        .replace("/etc/claviger/issuer-ca.pem", ca.toString());
    ServerConfig c = ServerConfig.parse(toml);
    assertThat(c.kbs().tokenTrust().trustedCerts()).hasSize(1);
    assertThat(c.kbs().admin().acls()).hasSize(2);
    assertThat(dev.claviger.attestation.AttestationConfig.fromJson(c.attestationService()).tokenBroker().durationMin())
        .isEqualTo(5);
  }
}
