package dev.claviger.attestation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.SignerConfig;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarSignerTest {
  @TempDir Path dir;

  static KeyPair ecKeyPair(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  private Path writePem(String name, Object... objects) throws Exception {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sw.toString());
    return p;
  }

  /** SEC1 "EC PRIVATE KEY" with the curve OID, as openssl writes it. */
  static org.bouncycastle.util.io.pem.PemObject sec1(KeyPair kp) throws Exception {
    java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    org.bouncycastle.asn1.x9.X962Parameters params = new org.bouncycastle.asn1.x9.X962Parameters(
        org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
        256, priv.getS(), spki.getPublicKeyData(), params);
    return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded());
  }

  static X509Certificate cert(KeyPair subject, KeyPair issuer, String cn) throws Exception {
    Date from = new Date(System.currentTimeMillis() - 3_600_000L);
    Date to = new Date(System.currentTimeMillis() + 86_400_000L);
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=ca"),
        BigInteger.valueOf(System.nanoTime()), from, to, new X500Name("CN=" + cn), subject.getPublic());
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static ObjectNode claims() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("iss", "test");
    return c;
  }

  @Test
  void create_sec1PemKey_signsVerifiableToken() throws Exception {
    KeyPair kp = ecKeyPair("secp256r1");
    Path key = writePem("key.pem", new org.bouncycastle.util.io.pem.PemObject("EC PARAMETERS", org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1.getEncoded()), sec1(kp));
    EarSigner s = EarSigner.create(Optional.of(SignerConfig.key(key)));

    assertThat(s.publicKey()).isEqualTo(kp.getPublic());
    SignedJWT jwt = SignedJWT.parse(s.sign(claims()));
    assertThat(jwt.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) kp.getPublic()))).isTrue();
    assertThat(jwt.getHeader().getJWK().toECKey().toECPublicKey()).isEqualTo(kp.getPublic());
  }

  @Test
  void create_pkcs8PemKey_derivesPublicKey() throws Exception {
    KeyPair kp = ecKeyPair("secp256r1");
    Path key = writePem("key8.pem", new JcaPKCS8Generator(kp.getPrivate(), null).generate());
    EarSigner s = EarSigner.create(Optional.of(SignerConfig.key(key)));
    assertThat(s.publicKey()).isEqualTo(kp.getPublic());
  }

  @Test
  void create_p384Key_rejected() throws Exception {
    Path key = writePem("p384.pem", new JcaPKCS8Generator(ecKeyPair("secp384r1").getPrivate(), null).generate());
    assertThatThrownBy(() -> EarSigner.create(Optional.of(SignerConfig.key(key))))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("only P-256");
  }

  @Test
  void create_garbageOrMissingKey_rejected() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> EarSigner.create(Optional.of(SignerConfig.key(garbage))))
        .isInstanceOf(AttestationException.class);
    assertThatThrownBy(() -> EarSigner.create(Optional.of(SignerConfig.key(dir.resolve("none.pem")))))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void create_certChain_publishedAsX5cInHeaderAndJwks() throws Exception {
    KeyPair ca = ecKeyPair("secp256r1");
    KeyPair leaf = ecKeyPair("secp256r1");
    X509Certificate caCert = cert(ca, ca, "ca");
    X509Certificate leafCert = cert(leaf, ca, "ear-signer");
    Path key = writePem("leaf.pem", sec1(leaf));
    Path chain = writePem("chain.pem", leafCert, caCert);
    EarSigner s = EarSigner.create(Optional.of(SignerConfig.key(key).withCertChain(chain)));

    SignedJWT jwt = SignedJWT.parse(s.sign(claims()));
    ECKey headerJwk = jwt.getHeader().getJWK().toECKey();
    assertThat(headerJwk.getX509CertChain()).hasSize(2);
    assertThat(headerJwk.getX509CertChain().get(0).decode()).isEqualTo(leafCert.getEncoded());
    JsonNode jwk = s.jwks().get("keys").get(0);
    assertThat(jwk.get("x5c").get(1).textValue())
        .isEqualTo(Base64.getEncoder().encodeToString(caCert.getEncoded()));
    assertThat(jwk.get("crv").textValue()).isEqualTo("P-256");
    assertThat(jwk.get("alg").textValue()).isEqualTo("ES256");
    assertThat(jwk.has("d")).isFalse();
  }

  @Test
  void create_certForAnotherKey_rejected() throws Exception {
    KeyPair ca = ecKeyPair("secp256r1");
    Path key = writePem("k.pem", sec1(ecKeyPair("secp256r1")));
    Path chain = writePem("c.pem", cert(ca, ca, "ca"));
    assertThatThrownBy(() -> EarSigner.create(Optional.of(SignerConfig.key(key).withCertChain(chain))))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("does not hold the signing key");
  }

  @Test
  void create_noSigner_ephemeralP256() throws Exception {
    EarSigner a = EarSigner.create(Optional.empty());
    EarSigner b = EarSigner.create(Optional.empty());
    assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
    assertThat(a.publicKey().getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(SignedJWT.parse(a.sign(claims())).verify(new ECDSAVerifier(a.publicKey()))).isTrue();
    assertThat(a.toString()).doesNotContain("\"d\"");
  }
}
