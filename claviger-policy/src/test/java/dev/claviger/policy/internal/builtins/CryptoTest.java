package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CryptoTest extends BuiltinTestSupport {
  private static final Instant NOW_INSTANT = Instant.ofEpochSecond(0, NOW);
  private static KeyPair rootKey;
  private static X509Certificate root;
  private static X509Certificate leaf;
  private static X509Certificate clientOnlyLeaf;
  private static X509Certificate expiredLeaf;

  @BeforeAll
  static void pki() throws Exception {
    rootKey = TestPki.ecKey();
    KeyPair leafKey = TestPki.ecKey();
    Instant from = NOW_INSTANT.minus(Duration.ofDays(1));
    Instant to = NOW_INSTANT.plus(Duration.ofDays(30));
    root = TestPki.cert("root", rootKey, "root", rootKey, true, null, from, to);
    leaf = TestPki.cert("svc.example", leafKey, "root", rootKey, false, KeyPurposeId.id_kp_serverAuth, from, to);
    clientOnlyLeaf = TestPki.cert("client", leafKey, "root", rootKey, false, KeyPurposeId.id_kp_clientAuth, from, to);
    expiredLeaf = TestPki.cert("old", leafKey, "root", rootKey, false, null, from.minus(Duration.ofDays(90)), from);
  }

  @Test
  void digestsAndHmacs_knownVectors() throws Exception {
    assertThat(call("crypto.md5", s("abc"))).isEqualTo(s("900150983cd24fb0d6963f7d28e17f72"));
    assertThat(call("crypto.sha1", s("abc"))).isEqualTo(s("a9993e364706816aba3e25717850c26c9cd0d89d"));
    assertThat(call("crypto.sha256", s("abc"))).isEqualTo(s("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assertThat(call("crypto.hmac.sha256", s("The quick brown fox jumps over the lazy dog"), s("key")))
        .isEqualTo(s("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
    assertThat(call("crypto.hmac.md5", s("The quick brown fox jumps over the lazy dog"), s("key")))
        .isEqualTo(s("80070713463e7749b90c2dc24911e275"));
    assertThat(call("crypto.hmac.sha256", s(""), s(""))).isEqualTo(s("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));
    assertThat(call("crypto.hmac.equal", s("abc"), s("abc"))).isEqualTo(Value.TRUE);
    assertThat(call("crypto.hmac.equal", s("abc"), s("abd"))).isEqualTo(Value.FALSE);
  }

  @Test
  void parseCertificates_pemOrBase64_goFieldNames() throws Exception {
    Value parsed = call("crypto.x509.parse_certificates", s(TestPki.pem(leaf, root)));
    assertThat(((Value.Arr) parsed).size()).isEqualTo(2);
    Value.Obj c = (Value.Obj) ((Value.Arr) parsed).get(0);
    assertThat(((Value.Obj) c.get("Subject")).get("CommonName")).isEqualTo(s("svc.example"));
    assertThat(((Value.Obj) c.get("Subject")).get("Organization")).isEqualTo(v("[\"Claviger\"]"));
    assertThat(((Value.Obj) c.get("Issuer")).get("CommonName")).isEqualTo(s("root"));
    assertThat(c.get("DNSNames")).isEqualTo(v("[\"svc.example\"]"));
    assertThat(c.get("IPAddresses")).isEqualTo(v("[\"10.0.0.1\"]"));
    assertThat(c.get("ExtKeyUsage")).isEqualTo(v("[1]"));
    assertThat(c.get("IsCA")).isEqualTo(Value.FALSE);
    assertThat(c.get("SignatureAlgorithm")).isEqualTo(n(10));
    assertThat(c.get("PublicKeyAlgorithm")).isEqualTo(n(3));
    assertThat(c.get("KeyUsage")).isEqualTo(n(1));
    assertThat(c.get("NotAfter")).isEqualTo(s(X509Values.rfc3339(leaf.getNotAfter().toInstant())));
    Value.Obj r = (Value.Obj) ((Value.Arr) parsed).get(1);
    assertThat(r.get("IsCA")).isEqualTo(Value.TRUE);
    assertThat(r.get("MaxPathLen")).isEqualTo(n(1));
    String b64Der = Base64.getEncoder().encodeToString(leaf.getEncoded());
    assertThat(call("crypto.x509.parse_certificates", s(b64Der))).isEqualTo(Value.array(c));
    String b64Pem = Base64.getEncoder().encodeToString(TestPki.pem(leaf).getBytes());
    assertThat(call("crypto.x509.parse_certificates", s(b64Pem))).isEqualTo(Value.array(c));
  }

  @Test
  void parseCertificates_garbage_isError() {
    assertError("crypto.x509.parse_certificates", s("not a cert!")).hasMessageContaining("crypto.x509.parse_certificates");
    assertError("crypto.x509.parse_certificates", s(Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})));
  }

  @Test
  void parseAndVerify_validChain_returnsTrueAndCerts() throws Exception {
    Value res = call("crypto.x509.parse_and_verify_certificates", s(TestPki.pem(leaf, root)));
    assertThat(((Value.Arr) res).get(0)).isEqualTo(Value.TRUE);
    assertThat(((Value.Arr) ((Value.Arr) res).get(1)).size()).isEqualTo(2);
  }

  @Test
  void parseAndVerify_badChains_returnFalse() throws Exception {
    Value invalid = Value.array(Value.FALSE, Value.EMPTY_ARRAY);
    KeyPair other = TestPki.ecKey();
    X509Certificate otherRoot = TestPki.cert("root", other, "root", other, true, null,
        NOW_INSTANT.minus(Duration.ofDays(1)), NOW_INSTANT.plus(Duration.ofDays(1)));
    assertThat(call("crypto.x509.parse_and_verify_certificates", s(TestPki.pem(leaf, otherRoot)))).isEqualTo(invalid);
    assertThat(call("crypto.x509.parse_and_verify_certificates", s(TestPki.pem(expiredLeaf, root)))).isEqualTo(invalid);
    assertThat(call("crypto.x509.parse_and_verify_certificates", s(TestPki.pem(clientOnlyLeaf, root)))).isEqualTo(invalid);
    assertThat(call("crypto.x509.parse_and_verify_certificates", s(TestPki.pem(leaf)))).isEqualTo(invalid);
  }

  @Test
  void parseAndVerify_tamperedSignatureByte_returnsFalse() throws Exception {
    byte[] der = leaf.getEncoded();
    der[der.length - 5] ^= 0x01;
    String tampered = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    Value res = call("crypto.x509.parse_and_verify_certificates", s(tampered + TestPki.pem(root)));
    assertThat(res).isEqualTo(Value.array(Value.FALSE, Value.EMPTY_ARRAY));
  }

  @Test
  void verifyWithOptions_dnsNameTimeAndKeyUsages() throws Exception {
    String fn = "crypto.x509.parse_and_verify_certificates_with_options";
    Value invalid = Value.array(Value.FALSE, Value.EMPTY_ARRAY);
    String chain = TestPki.pem(leaf, root);
    assertThat(((Value.Arr) call(fn, s(chain), v("{\"DNSName\":\"svc.example\"}"))).get(0)).isEqualTo(Value.TRUE);
    assertThat(call(fn, s(chain), v("{\"DNSName\":\"other.example\"}"))).isEqualTo(invalid);
    assertThat(((Value.Arr) call(fn, s(chain), v("{\"DNSName\":\"10.0.0.1\"}"))).get(0)).isEqualTo(Value.TRUE);
    long later = NOW + 60L * 86_400 * 1_000_000_000L;
    assertThat(call(fn, s(chain), v("{\"CurrentTime\":" + later + "}"))).isEqualTo(invalid);
    String clientChain = TestPki.pem(clientOnlyLeaf, root);
    assertThat(call(fn, s(clientChain), v("{}"))).isEqualTo(invalid);
    assertThat(((Value.Arr) call(fn, s(clientChain), v("{\"KeyUsages\":[\"KeyUsageClientAuth\"]}"))).get(0)).isEqualTo(Value.TRUE);
    assertThat(((Value.Arr) call(fn, s(clientChain), v("{\"KeyUsages\":[\"KeyUsageAny\"]}"))).get(0)).isEqualTo(Value.TRUE);
    assertError(fn, s(chain), v("{\"Colour\":1}")).hasMessageContaining("unknown option");
    assertError(fn, s(chain), v("{\"KeyUsages\":[\"KeyUsageFlying\"]}")).hasMessageContaining("unknown key usage");
  }

  @Test
  void parseKeypair_matchingKey_returnsGoTlsCertificateShape() throws Exception {
    KeyPair k = TestPki.ecKey();
    X509Certificate cert = TestPki.cert("kp", k, "root", rootKey, false, null, NOW_INSTANT, NOW_INSTANT.plusSeconds(60));
    String keyPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Value.Obj pair = (Value.Obj) call("crypto.x509.parse_keypair", s(TestPki.pem(cert)), s(keyPem));
    assertThat(pair.get("Certificate")).isEqualTo(Value.array(s(Base64.getEncoder().encodeToString(cert.getEncoded()))));
    assertThat(((Value.Obj) pair.get("Leaf")).get("Subject")).isNotNull();
    assertThat(((Value.Obj) pair.get("PrivateKey")).get("D")).isNotNull();
    String otherKey = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(rootKey.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    assertError("crypto.x509.parse_keypair", s(TestPki.pem(cert)), s(otherKey)).hasMessageContaining("does not match");
    assertError("crypto.x509.parse_keypair", s(TestPki.pem(cert)), s(TestPki.pem(cert))).hasMessageContaining("PEM");
  }

  @Test
  void parseKeypairAndRsaKey_rsaPkcs8_exposeModulusAndPrimes() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair k = g.generateKeyPair();
    X509Certificate cert = TestPki.cert("rsa", k, "root", rootKey, false, null, NOW_INSTANT, NOW_INSTANT.plusSeconds(60));
    String keyPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Value.Obj priv = (Value.Obj) ((Value.Obj) call("crypto.x509.parse_keypair", s(TestPki.pem(cert)), s(keyPem))).get("PrivateKey");
    assertThat(priv.get("N")).isEqualTo(dev.claviger.policy.Num.of(((java.security.interfaces.RSAPublicKey) k.getPublic()).getModulus()));
    assertThat(((Value.Arr) priv.get("Primes")).size()).isEqualTo(2);
    Value.Obj jwk = (Value.Obj) call("crypto.x509.parse_rsa_private_key", s(keyPem));
    assertThat(jwk.get("kty")).isEqualTo(s("RSA"));
    assertThat(jwk.get("d")).isNotNull();
  }

  @Test
  void parsePrivateKeys_pemToJwk() throws Exception {
    KeyPair k = TestPki.ecKey();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Value keys = call("crypto.parse_private_keys", s(pem));
    Value.Obj jwk = (Value.Obj) ((Value.Arr) keys).get(0);
    assertThat(jwk.get("kty")).isEqualTo(s("EC"));
    assertThat(jwk.get("crv")).isEqualTo(s("P-256"));
    assertThat(jwk.get("d")).isNotNull();
    assertThat(call("crypto.parse_private_keys", s(""))).isEqualTo(Value.EMPTY_ARRAY);
    assertError("crypto.x509.parse_rsa_private_key", s(pem)).hasMessageContaining("RSA");
    assertError("crypto.parse_private_keys", s(TestPki.pem(root))).hasMessageContaining("private key");
  }
}
