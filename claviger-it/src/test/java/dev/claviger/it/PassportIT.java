package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passport mode: the guest attests at an issuer KBS and presents the EAR as a bearer token at a
 * second KBS that trusts the issuer's AS signing key and wraps the resource to the tee-pubkey in
 * the token.
 */
class PassportIT {
  private static final ResourcePath PATH = ResourcePath.parse("passport/key/one");
  private static final byte[] SECRET = "released by the relying KBS".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;
  private ClavigerFixture issuer;
  private ClavigerFixture relying;

  @BeforeEach
  void start() throws Exception {
    issuer = ClavigerFixture.start(dir.resolve("issuer"));
    issuer.registerSampleReferenceValues();
    Path trusted = writePublicKeyPem(issuer.dataDir.resolve("as-signing-key.pem"), dir.resolve("issuer-as.pub.pem"));
    relying = ClavigerFixture.start(dir.resolve("relying"),
        "\n[attestation_token]\ntrusted_certs_paths = [\"" + trusted + "\"]\n");
    relying.setResourcePolicy(ClavigerFixture.AFFIRMING_POLICY);
    relying.setResource(PATH.toString(), SECRET);
  }

  @AfterEach
  void stop() {
    if (relying != null) {
      relying.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  @Test
  void getResource_tokenFromTrustedIssuer_releasedBySecondKbs() throws Exception {
    for (TeeKeySpec spec : new TeeKeySpec[] {TeeKeySpec.EC_P256, TeeKeySpec.RSA_2048}) {
      KbsClient client = relying.client().issuer(issuer.url()).mode(KbsClient.Mode.BEARER).keySpec(spec).build();

      try (SecretBytes secret = client.getResource(PATH)) {
        assertThat(secret.contentEquals(SECRET)).isTrue();
      }
    }
  }

  @Test
  void getResource_tokenFromUntrustedIssuer_refused() throws Exception {
    try (ClavigerFixture stranger = ClavigerFixture.start(dir.resolve("stranger"))) {
      stranger.registerSampleReferenceValues();
      KbsClient client = relying.client().issuer(stranger.url()).mode(KbsClient.Mode.BEARER).build();

      assertThatThrownBy(() -> client.getResource(PATH))
          .isInstanceOfSatisfying(KbsClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.status()).hasValue(401);
          });
    }
  }

  @Test
  void cli_issuerOption_passportModeThroughCommand() throws Exception {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "get-resource", "--url", relying.url().toString(),
        "--issuer", issuer.url().toString(), PATH.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(SECRET);
  }

  /** SPKI PEM of the P-256 key in a PKCS#8 PEM, computed as d·G (the file holds only d). */
  static Path writePublicKeyPem(Path privatePem, Path out) throws Exception {
    String pem = Files.readString(privatePem);
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(body));
    BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
    X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
    byte[] point = curve.getG().multiply(d).normalize().getEncoded(false);
    SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1), point);
    String encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki.getEncoded());
    return Files.writeString(out, "-----BEGIN PUBLIC KEY-----\n" + encoded + "\n-----END PUBLIC KEY-----\n");
  }
}
