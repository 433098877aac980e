package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.TrustAnchors;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS KBS with a private CA: the agent and the admin CLI verify it with {@code --cacert}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
  private static final ResourcePath PATH = ResourcePath.parse("tls/key/one");
  private static final byte[] SECRET = "over https only".getBytes(StandardCharsets.UTF_8);
  @TempDir static Path dir;
  private ClavigerFixture kbs;
  private Path cert;
  private Path otherCert;

  @BeforeAll
  void start() throws Exception {
    Path key = dir.resolve("server.key");
    cert = dir.resolve("server.pem");
    selfSigned(key, cert);
    otherCert = dir.resolve("other.pem");
    selfSigned(dir.resolve("other.key"), otherCert);
    kbs = ClavigerFixture.startTls(dir.resolve("kbs"), key, cert, cert);
    kbs.seed(PATH.toString(), SECRET);  // the admin CLI already runs over HTTPS with --cacert
  }

  @AfterAll
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
  }

  @Test
  void agentGetResource_cacert_releasesOverHttps() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(),
        "--cacert", cert.toString(), PATH.toString());

    assertThat(kbs.url().getScheme()).isEqualTo("https");
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(result.stdout()).isEqualTo(SECRET);
  }

  @Test
  void agentGetResource_withoutCacert_tlsFailsAndExitsThree() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(),
        PATH.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void kbsClient_wrongAnchor_refusesTheServer() throws Exception {
    var client = kbs.client().trustAnchors(TrustAnchors.readPem(otherCert)).build();

    assertThatThrownBy(() -> client.getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRANSPORT));
  }

  @Test
  void kbsClient_rightAnchor_everyModeWorks() throws Exception {
    var client = kbs.client().trustAnchors(TrustAnchors.readPem(cert))
        .mode(dev.claviger.agent.KbsClient.Mode.BEARER).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void cacert_missingOrNotACertificate_exitsTwo() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");

    assertThat(ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(), "--cacert",
        dir.resolve("absent.pem").toString(), PATH.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(), "--cacert",
        junk.toString(), PATH.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  /** A P-256 self-signed certificate for 127.0.0.1 (SAN IP) and its PKCS#8 key, as PEM files. */
  static void selfSigned(Path keyFile, Path certFile) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=127.0.0.1");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, kp.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate x509 = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    Files.writeString(keyFile, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(certFile, pem("CERTIFICATE", x509.getEncoded()));
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

}
