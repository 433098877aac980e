package dev.claviger.kbs.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import dev.claviger.kbs.testing.MutableClock;
import dev.claviger.kbs.testing.TestTokens;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final TestTokens as = new TestTokens();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  private JsonNode claims(Instant exp) {
    return TestTokens.ear(KbsJson.mapper().createObjectNode().put("kty", "EC"), "tdx", "affirming", exp);
  }

  private TokenVerifier verifier(List<X509Certificate> certs, List<PublicKey> keys, boolean insecure) {
    return new TokenVerifier(new TokenTrust(certs, keys, List.of(), insecure), clock, http);
  }

  private static void assertRejected(TokenVerifier v, String token, String why) {
    assertThatThrownBy(() -> v.verify(token))
        .isInstanceOfSatisfying(KbsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.TOKEN_VERIFIER_ERROR))
        .hasMessageContaining(why);
  }

  @Test
  void verify_directlyTrustedKey_returnsClaims() throws Exception {
    VerifiedToken t = verifier(List.of(), List.of(as.publicKey()), false).verify(as.sign(claims(NOW.plusSeconds(300))));
    assertThat(t.claims().at("/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void verify_untrustedHeaderJwk_rejected() {
    assertRejected(verifier(List.of(), List.of(), false), as.sign(claims(NOW.plusSeconds(300))), "neither trusted nor endorsed");
  }

  @Test
  void verify_insecureHeaderJwk_acceptsAnyHeaderKey() throws Exception {
    assertThat(verifier(List.of(), List.of(), true).verify(as.sign(claims(NOW.plusSeconds(300))))).isNotNull();
  }

  @Test
  void verify_expiry_leewayOf60Seconds() throws Exception {
    TokenVerifier v = verifier(List.of(), List.of(as.publicKey()), false);
    assertThat(v.verify(as.sign(claims(NOW.minusSeconds(59))))).isNotNull();
    assertRejected(v, as.sign(claims(NOW.minusSeconds(61))), "expired");
  }

  @Test
  void verify_missingExp_rejected() {
    var c = (com.fasterxml.jackson.databind.node.ObjectNode) claims(NOW);
    c.remove("exp");
    assertRejected(verifier(List.of(), List.of(as.publicKey()), false), as.sign(c), "exp claim is required");
  }

  @Test
  void verify_anyFlippedSignatureByte_rejected() {
    TokenVerifier v = verifier(List.of(), List.of(as.publicKey()), false);
    String token = as.sign(claims(NOW.plusSeconds(300)));
    String[] p = token.split("\\.");
    byte[] sig = java.util.Base64.getUrlDecoder().decode(p[2]);
    for (int i = 0; i < sig.length; i += 7) {
      byte[] t = sig.clone();
      t[i] ^= 1;
      String forged = p[0] + "." + p[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      assertRejected(v, forged, "Token verification failed");
    }
  }

  @Test
  void verify_unsignedOrGarbage_rejected() {
    TokenVerifier v = verifier(List.of(), List.of(as.publicKey()), true);
    String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
        + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"exp\":9999999999}".getBytes()) + ".";
    assertRejected(v, none, "not a signed JWT");
    assertRejected(v, "a.b.c", "not a signed JWT");
    assertRejected(v, "x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), "larger than");
  }

  @Test
  void verify_x5cChainToTrustedRoot_accepted() throws Exception {
    KeyPair root = ec();
    X509Certificate rootCert = cert("CN=root", root, "CN=root", root.getPublic(), true);
    KeyPair inter = ec();
    X509Certificate interCert = cert("CN=root", root, "CN=inter", inter.getPublic(), true);
    X509Certificate leaf = cert("CN=inter", inter, "CN=as", as.publicKey(), false);
    String token = as.sign(claims(NOW.plusSeconds(300)), List.of(Base64.encode(leaf.getEncoded()), Base64.encode(interCert.getEncoded())));
    assertThat(verifier(List.of(rootCert), List.of(), false).verify(token)).isNotNull();
    // permuted order still builds a path
    String permuted = as.sign(claims(NOW.plusSeconds(300)), List.of(Base64.encode(leaf.getEncoded()),
        Base64.encode(rootCert.getEncoded()), Base64.encode(interCert.getEncoded())));
    assertThat(verifier(List.of(rootCert), List.of(), false).verify(permuted)).isNotNull();
  }

  @Test
  void verify_x5cToOtherRoot_rejected() throws Exception {
    KeyPair root = ec();
    KeyPair decoy = ec();
    X509Certificate decoyCert = cert("CN=root", decoy, "CN=root", decoy.getPublic(), true);
    X509Certificate leaf = cert("CN=root", root, "CN=as", as.publicKey(), false);
    String token = as.sign(claims(NOW.plusSeconds(300)), List.of(Base64.encode(leaf.getEncoded())));
    assertRejected(verifier(List.of(decoyCert), List.of(), false), token, "does not validate");
  }

  @Test
  void verify_x5cLeafOtherKey_rejected() throws Exception {
    KeyPair root = ec();
    X509Certificate rootCert = cert("CN=root", root, "CN=root", root.getPublic(), true);
    X509Certificate leaf = cert("CN=root", root, "CN=other", ec().getPublic(), false);
    String token = as.sign(claims(NOW.plusSeconds(300)), List.of(Base64.encode(leaf.getEncoded())));
    assertRejected(verifier(List.of(rootCert), List.of(), false), token, "x5c[0] does not hold");
  }

  @Test
  void verify_kidFromFileJwks_accepted() throws Exception {
    KeyPair k = ec();
    ECKey jwk = new ECKey.Builder(Curve.P_256, (java.security.interfaces.ECPublicKey) k.getPublic()).keyID("k1").build();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(jwk).toString());
    var signed = new com.nimbusds.jwt.SignedJWT(
        new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256).keyID("k1").build(),
        com.nimbusds.jwt.JWTClaimsSet.parse(claims(NOW.plusSeconds(300)).toString()));
    signed.sign(new com.nimbusds.jose.crypto.ECDSASigner((java.security.interfaces.ECPrivateKey) k.getPrivate()));
    TokenVerifier v = new TokenVerifier(new TokenTrust(List.of(), List.of(), List.of(jwks.toUri()), false), clock, http);
    assertThat(v.verify(signed.serialize())).isNotNull();
    TokenVerifier none = verifier(List.of(), List.of(), false);
    assertRejected(none, signed.serialize(), "not from a trusted key");
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate cert(String issuer, KeyPair issuerKeys, String subject, PublicKey key, boolean ca)
      throws Exception {
    var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
        Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(30))), new X500Name(subject), key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  @Test
  void verify_kidFromOidcIssuerOverHttps_accepted() throws Exception {
    KeyPair tlsKeys = ec();
    X509Certificate tlsCert = cert("CN=idp", tlsKeys, "CN=idp", tlsKeys.getPublic(), false, true);
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", tlsKeys.getPrivate(), "pw".toCharArray(), new java.security.cert.Certificate[] {tlsCert});
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, "pw".toCharArray());
    javax.net.ssl.SSLContext serverCtx = javax.net.ssl.SSLContext.getInstance("TLS");
    serverCtx.init(kmf.getKeyManagers(), null, null);
    var server = com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverCtx));
    KeyPair signer = ec();
    ECKey jwk = new ECKey.Builder(Curve.P_256, (java.security.interfaces.ECPublicKey) signer.getPublic()).keyID("ita-1").build();
    String base = "https://127.0.0.1:" + server.getAddress().getPort();
    serve(server, "/.well-known/openid-configuration", "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/certs\"}");
    serve(server, "/certs", new JWKSet(jwk).toString());
    server.start();
    try {
      java.security.KeyStore trustStore = java.security.KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("idp", tlsCert);
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
      tmf.init(trustStore);
      javax.net.ssl.SSLContext clientCtx = javax.net.ssl.SSLContext.getInstance("TLS");
      clientCtx.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(clientCtx).build();
      var signed = new com.nimbusds.jwt.SignedJWT(
          new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256).keyID("ita-1").build(),
          com.nimbusds.jwt.JWTClaimsSet.parse(claims(NOW.plusSeconds(300)).toString()));
      signed.sign(new com.nimbusds.jose.crypto.ECDSASigner((java.security.interfaces.ECPrivateKey) signer.getPrivate()));
      TokenVerifier v = new TokenVerifier(
          new TokenTrust(List.of(), List.of(), List.of(java.net.URI.create(base)), false), clock, https);
      assertThat(v.verify(signed.serialize())).isNotNull();
    } finally {
      server.stop(0);
    }
  }

  private static void serve(com.sun.net.httpserver.HttpsServer server, String path, String body) {
    server.createContext(path, ex -> {
      if (!ex.getRequestURI().getPath().equals(path)) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
  }

  private static X509Certificate cert(String issuer, KeyPair issuerKeys, String subject, PublicKey key, boolean ca,
      boolean localhostSan) throws Exception {
    var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
        Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
        new X500Name(subject), key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (localhostSan) {
      b.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
          new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }
}
