package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CryptKeysTest {
  static final KeyPair RSA = JweCodecTest.RSA;
  static final KeyPair EC = JweCodecTest.P256;
  static final char[] PASSWORD = "123456".toCharArray();

  static byte[] pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
    return w.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** SEC1 with the curve OID inside, as openssl writes it. */
  static byte[] sec1Der() throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(EC.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    return new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
  }

  static void assertSame(PrivateKey actual, PrivateKey expected) {
    if (expected instanceof java.security.interfaces.ECPrivateKey ec) {
      assertThat(((java.security.interfaces.ECPrivateKey) actual).getS()).isEqualTo(ec.getS());
      assertThat(((java.security.interfaces.ECPrivateKey) actual).getParams().getCurve()).isEqualTo(ec.getParams().getCurve());
      return;
    }
    assertThat(actual.getEncoded()).isEqualTo(expected.getEncoded());
  }

  @Test
  void privateKey_pemFormats_allRead() throws Exception {
    assertSame(CryptKeys.privateKey(pem(new JcaPKCS8Generator(RSA.getPrivate(), null)), Optional.empty()), RSA.getPrivate());
    byte[] pkcs1 = pem(RSA);
    assertThat(new String(pkcs1, StandardCharsets.US_ASCII)).contains("BEGIN RSA PRIVATE KEY");
    assertSame(CryptKeys.privateKey(pkcs1, Optional.empty()), RSA.getPrivate());
    StringWriter w = new StringWriter();
    try (PemWriter pem = new PemWriter(w)) {
      pem.writeObject(new PemObject("EC PRIVATE KEY", sec1Der()));
    }
    assertSame(CryptKeys.privateKey(w.toString().getBytes(StandardCharsets.US_ASCII), Optional.empty()), EC.getPrivate());
  }

  @Test
  void privateKey_derFormats_allRead() throws Exception {
    byte[] pkcs8 = RSA.getPrivate().getEncoded();
    assertSame(CryptKeys.privateKey(pkcs8, Optional.empty()), RSA.getPrivate());
    byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
    assertSame(CryptKeys.privateKey(pkcs1, Optional.empty()), RSA.getPrivate());
    assertSame(CryptKeys.privateKey(sec1Der(), Optional.empty()), EC.getPrivate());
    // The JDK's PKCS#8 inner structure omits the curve: without it the key cannot be used.
    byte[] noCurve = PrivateKeyInfo.getInstance(EC.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
    assertThatThrownBy(() -> CryptKeys.privateKey(noCurve, Optional.empty()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void privateKey_encryptedPem_needsRightPassword() throws Exception {
    byte[] legacy;
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(RSA.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(PASSWORD));
    }
    legacy = w.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] pkcs8 = pem(new JcaPKCS8Generator(EC.getPrivate(),
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword(PASSWORD).build()));

    assertSame(CryptKeys.privateKey(legacy, Optional.of(PASSWORD)), RSA.getPrivate());
    assertSame(CryptKeys.privateKey(pkcs8, Optional.of(PASSWORD)), EC.getPrivate());
    for (byte[] file : new byte[][] {legacy, pkcs8}) {
      assertThatThrownBy(() -> CryptKeys.privateKey(file, Optional.empty()))
          .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
      assertThatThrownBy(() -> CryptKeys.privateKey(file, Optional.of("wrong".toCharArray())))
          .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void privateKey_jwk_read() throws Exception {
    String rsaJwk = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).privateKey(RSA.getPrivate()).build().toJSONString();
    assertSame(CryptKeys.privateKey(rsaJwk.getBytes(StandardCharsets.UTF_8), Optional.empty()), RSA.getPrivate());
    String publicOnly = new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).build().toJSONString();
    assertThatThrownBy(() -> CryptKeys.privateKey(publicOnly.getBytes(StandardCharsets.UTF_8), Optional.empty()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void recipient_spkiCertAndJwk_readWithAlgorithms() throws Exception {
    assertThat(CryptKeys.recipient(pem(RSA.getPublic())).algorithm()).isEqualTo("RSA-OAEP");
    assertThat(CryptKeys.recipient(EC.getPublic().getEncoded()).algorithm()).isEqualTo("ECDH-ES+A256KW");
    var cert = new JcaX509v3CertificateBuilder(new X500Name("CN=t"), BigInteger.ONE, new Date(0),
        new Date(4_000_000_000_000L), new X500Name("CN=t"), RSA.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(RSA.getPrivate()));
    assertThat(CryptKeys.recipient(pem(cert)).key()).isEqualTo(RSA.getPublic());
    assertThat(CryptKeys.recipient(cert.getEncoded()).key()).isEqualTo(RSA.getPublic());
    String jwk = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).algorithm(JWEAlgorithm.RSA_OAEP_256).build().toJSONString();
    assertThat(CryptKeys.recipient(jwk.getBytes(StandardCharsets.UTF_8)).algorithm()).isEqualTo("RSA-OAEP-256");
  }

  @Test
  void recipient_privateKeyOrGarbage_malformed() throws Exception {
    for (byte[] bad : new byte[][] {pem(RSA), "hello".getBytes(StandardCharsets.UTF_8), new byte[] {0x30, 0x03, 1, 2},
        new byte[0], "{\"kty\":\"oct\",\"k\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8)}) {
      assertThatThrownBy(() -> CryptKeys.recipient(bad)).isInstanceOf(ImageCryptException.class);
    }
    assertThatThrownBy(() -> CryptKeys.recipient(new byte[CryptKeys.MAX_KEY_FILE + 1]))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }
}
