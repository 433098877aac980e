package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.claviger.policy.Value;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtTest extends BuiltinTestSupport {
  private static final String JWT_IO =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  private static final long NOW_S = NOW / 1_000_000_000L;
  private static ECKey ec;
  private static RSAKey rsa;

  @BeforeAll
  static void keys() throws Exception {
    KeyPair k = TestPki.ecKey();
    ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) k.getPublic()).privateKey((ECPrivateKey) k.getPrivate()).build();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair r = g.generateKeyPair();
    rsa = new RSAKey.Builder((RSAPublicKey) r.getPublic()).privateKey((RSAPrivateKey) r.getPrivate()).build();
  }

  private String sign(String alg, String payload, String jwkJson) throws Exception {
    return ((Value.Str) call("io.jwt.encode_sign", v("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}"), v(payload), v(jwkJson))).value();
  }

  private static String flipSignatureByte(String jwt) {
    int dot = jwt.lastIndexOf('.');
    byte[] sig = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
    sig[sig.length / 2] ^= 0x01;
    return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  @Test
  void decode_splitsHeaderPayloadSignature() throws Exception {
    Value d = call("io.jwt.decode", s(JWT_IO));
    assertThat(((Value.Arr) d).get(0)).isEqualTo(v("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
    assertThat(((Value.Arr) d).get(1)).isEqualTo(v("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}"));
    assertThat(((Value.Arr) d).get(2)).isEqualTo(s("49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397"));
    assertError("io.jwt.decode", s("a.b")).hasMessageContaining("io.jwt.decode");
    assertError("io.jwt.decode", s("!!.e30.")).hasMessageContaining("base64url");
  }

  @Test
  void verifyHs256_knownVectorAndTamper() throws Exception {
    assertThat(call("io.jwt.verify_hs256", s(JWT_IO), s("your-256-bit-secret"))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_hs256", s(JWT_IO), s("wrong"))).isEqualTo(Value.FALSE);
    assertThat(call("io.jwt.verify_hs256", s(flipSignatureByte(JWT_IO)), s("your-256-bit-secret"))).isEqualTo(Value.FALSE);
    assertThat(call("io.jwt.verify_hs384", s(JWT_IO), s("your-256-bit-secret"))).isEqualTo(Value.FALSE);
  }

  @Test
  void es256_signVerifyRoundTripAndTamper() throws Exception {
    String jwt = sign("ES256", "{\"sub\":\"x\"}", ec.toJSONString());
    String jwks = "{\"keys\":[" + ec.toPublicJWK().toJSONString() + "]}";
    assertThat(call("io.jwt.verify_es256", s(jwt), s(jwks))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_es256", s(jwt), s(ec.toPublicJWK().toJSONString()))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_es256", s(flipSignatureByte(jwt)), s(jwks))).isEqualTo(Value.FALSE);
    assertThat(call("io.jwt.verify_rs256", s(jwt), s(jwks))).isEqualTo(Value.FALSE);
    assertError("io.jwt.verify_es256", s(jwt), s("garbage")).hasMessageContaining("verification key");
  }

  @Test
  void rs256AndPs256_verifyWithPemPublicKey() throws Exception {
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.toPublicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    for (String alg : new String[] {"RS256", "PS256", "RS512"}) {
      String jwt = sign(alg, "{\"n\":1}", rsa.toJSONString());
      String fn = "io.jwt.verify_" + alg.toLowerCase();
      assertThat(call(fn, s(jwt), s(pem))).as(alg).isEqualTo(Value.TRUE);
      assertThat(call(fn, s(flipSignatureByte(jwt)), s(pem))).as(alg).isEqualTo(Value.FALSE);
    }
  }

  @Test
  void eddsa_signVerifyWithJwkAndPem() throws Exception {
    KeyPair k = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = k.getPublic().getEncoded();
    byte[] pkcs8 = k.getPrivate().getEncoded();
    Base64.Encoder b64u = Base64.getUrlEncoder().withoutPadding();
    String x = b64u.encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    String d = b64u.encodeToString(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"d\":\"" + d + "\"}";
    String jwt = sign("EdDSA", "{\"sub\":\"ed\"}", jwk);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki) + "\n-----END PUBLIC KEY-----\n";
    assertThat(call("io.jwt.verify_eddsa", s(jwt), s(pem))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_eddsa", s(jwt), s("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}"))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_eddsa", s(flipSignatureByte(jwt)), s(pem))).isEqualTo(Value.FALSE);
    Value res = call("io.jwt.decode_verify", s(jwt), Value.object(java.util.Map.of(s("cert"), s(pem))));
    assertThat(((Value.Arr) res).get(0)).isEqualTo(Value.TRUE);
  }

  @Test
  void verify_certificatePem_usesItsPublicKey() throws Exception {
    KeyPair k = TestPki.ecKey();
    var cert = TestPki.cert("jwt", k, "jwt", k, true, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1));
    ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) k.getPublic()).privateKey((ECPrivateKey) k.getPrivate()).build();
    String jwt = sign("ES256", "{}", key.toJSONString());
    assertThat(call("io.jwt.verify_es256", s(jwt), s(TestPki.pem(cert)))).isEqualTo(Value.TRUE);
    assertThat(call("io.jwt.verify_es256", s(jwt), s(TestPki.pem(TestPki.cert("other", TestPki.ecKey(), "other", TestPki.ecKey(), true, null,
        java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1)))))).isEqualTo(Value.FALSE);
  }

  @Test
  void decodeVerify_checksSignatureAndClaims() throws Exception {
    String secret = "{\"kty\":\"oct\",\"k\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString("s3cret".getBytes()) + "\"}";
    String good = sign("HS256", "{\"iss\":\"kbs\",\"aud\":[\"a\",\"b\"],\"exp\":" + (NOW_S + 60) + ",\"nbf\":" + (NOW_S - 60) + "}", secret);
    Value ok = call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\",\"iss\":\"kbs\",\"aud\":\"b\"}"));
    assertThat(((Value.Arr) ok).get(0)).isEqualTo(Value.TRUE);
    assertThat(((Value.Obj) ((Value.Arr) ok).get(2)).get("iss")).isEqualTo(s("kbs"));
    Value invalid = Value.array(Value.FALSE, Value.EMPTY_OBJECT, Value.EMPTY_OBJECT);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"nope\",\"aud\":\"b\"}"))).isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\"}"))).as("aud required").isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\",\"aud\":\"b\",\"iss\":\"x\"}"))).isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\",\"aud\":\"b\",\"alg\":\"HS512\"}"))).isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\",\"aud\":\"b\",\"time\":" + (NOW + 61_000_000_000L) + "}")))
        .as("expired").isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(good), v("{\"secret\":\"s3cret\",\"aud\":\"b\",\"time\":" + (NOW - 61_000_000_000L) + "}")))
        .as("not yet valid").isEqualTo(invalid);
    assertThat(call("io.jwt.decode_verify", s(flipSignatureByte(good)), v("{\"secret\":\"s3cret\",\"aud\":\"b\"}"))).isEqualTo(invalid);
    assertError("io.jwt.decode_verify", s(good), v("{\"aud\":\"b\"}")).hasMessageContaining("cert");
    assertError("io.jwt.decode_verify", s(good), v("{\"secret\":\"x\",\"colour\":1}")).hasMessageContaining("constraint");
  }

  @Test
  void decodeVerify_publicKeyTokenWithCertConstraint() throws Exception {
    String jwt = sign("ES256", "{\"sub\":\"x\"}", ec.toJSONString());
    Value res = call("io.jwt.decode_verify", s(jwt), Value.object(java.util.Map.of(s("cert"), s(ec.toPublicJWK().toJSONString()))));
    assertThat(((Value.Arr) res).get(0)).isEqualTo(Value.TRUE);
  }

  @Test
  void encodeSignRaw_usesHeaderAndPayloadTextVerbatim() throws Exception {
    String key = "{\"kty\":\"oct\",\"k\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString("your-256-bit-secret".getBytes()) + "\"}";
    Value token = call("io.jwt.encode_sign_raw", s("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"),
        s("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}"), s(key));
    assertThat(token).isEqualTo(s(JWT_IO));
    assertError("io.jwt.encode_sign", v("{\"alg\":\"none\"}"), v("{}"), v(key)).hasMessageContaining("alg");
  }
}
