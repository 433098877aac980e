package dev.claviger.kbs.internal.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceJweTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SECRET = "the disk key \u00e9 0123456789".getBytes(StandardCharsets.UTF_8);
  private final ResourceJwe jwe = new ResourceJwe(new SecureRandom());

  @ParameterizedTest
  @ValueSource(strings = {"RSA1_5", "RSA-OAEP-256"})
  void encrypt_rsaKey_nimbusDecryptsAndHeaderIsCanonical(String alg) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    ObjectNode jwk = (ObjectNode) JSON.readTree(new RSAKey.Builder((RSAPublicKey) kp.getPublic()).build().toJSONString());
    jwk.put("alg", alg);

    ObjectNode out = jwe.encrypt(TeePublicKey.parse(jwk), SECRET).toJson();

    assertThat(decodeHeader(out)).isEqualTo("{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"}");
    assertThat(decrypt(out, new RSADecrypter((RSAPrivateKey) kp.getPrivate()))).isEqualTo(SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"P-256", "P-521"})
  void encrypt_ecKey_nimbusDecryptsAndHeaderIsCanonical(String crv) throws Exception {
    Curve curve = Curve.parse(crv);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve.getStdName()));
    KeyPair kp = g.generateKeyPair();
    ObjectNode jwk = (ObjectNode) JSON.readTree(new ECKey.Builder(curve, (ECPublicKey) kp.getPublic()).build().toJSONString());
    jwk.put("alg", "ECDH-ES+A256KW");

    ObjectNode out = jwe.encrypt(TeePublicKey.parse(jwk), SECRET).toJson();

    int coord = crv.equals("P-256") ? 43 : 88;
    Pattern shape = Pattern.compile(
        "\\{\"alg\":\"ECDH-ES\\+A256KW\",\"enc\":\"A256GCM\",\"epk\":\\{\"crv\":\"" + crv
            + "\",\"kty\":\"EC\",\"x\":\"[A-Za-z0-9_-]{" + coord + "}\",\"y\":\"[A-Za-z0-9_-]{" + coord + "}\"}}");
    assertThat(decodeHeader(out)).matches(shape);
    assertThat(Base64.getUrlDecoder().decode(out.get("encrypted_key").asText())).hasSize(40);
    assertThat(decrypt(out, new ECDHDecrypter((ECPrivateKey) kp.getPrivate()))).isEqualTo(SECRET);
  }

  @Test
  void toJson_flattened_hasUpstreamMembersInOrderAndNoAad() throws Exception {
    ObjectNode out = jwe.encrypt(TeePublicKey.parse(ecJwk("P-256")), SECRET).toJson();
    assertThat(out.fieldNames()).toIterable()
        .containsExactly("protected", "encrypted_key", "iv", "ciphertext", "tag");
    assertThat(out.get("protected").asText()).doesNotContain("=");
    assertThat(Base64.getUrlDecoder().decode(out.get("iv").asText())).hasSize(12);
    assertThat(Base64.getUrlDecoder().decode(out.get("tag").asText())).hasSize(16);
  }

  @Test
  void decrypt_tamperedProtectedHeader_failsTagCheck() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    ObjectNode jwk = (ObjectNode) JSON.readTree(new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic()).build().toJSONString());
    jwk.put("alg", "ECDH-ES+A256KW");
    ObjectNode out = jwe.encrypt(TeePublicKey.parse(jwk), SECRET).toJson();
    byte[] ct = Base64.getUrlDecoder().decode(out.get("ciphertext").asText());
    ct[0] ^= 1;
    out.put("ciphertext", Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
    assertThatThrownBy(() -> decrypt(out, new ECDHDecrypter((ECPrivateKey) kp.getPrivate())))
        .isInstanceOf(com.nimbusds.jose.JOSEException.class);
  }

  private static ObjectNode ecJwk(String crv) throws Exception {
    Curve curve = Curve.parse(crv);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve.getStdName()));
    ObjectNode jwk = (ObjectNode) JSON.readTree(
        new ECKey.Builder(curve, (ECPublicKey) g.generateKeyPair().getPublic()).build().toJSONString());
    jwk.put("alg", "ECDH-ES+A256KW");
    return jwk;
  }

  private static String decodeHeader(JsonNode out) {
    return new String(Base64.getUrlDecoder().decode(out.get("protected").asText()), StandardCharsets.US_ASCII);
  }

  /** Reassembles the compact form: its AAD is the same protected string. */
  private static byte[] decrypt(JsonNode out, JWEDecrypter decrypter) throws Exception {
    String compact = String.join(".", out.get("protected").asText(), out.get("encrypted_key").asText(),
        out.get("iv").asText(), out.get("ciphertext").asText(), out.get("tag").asText());
    JWEObject obj = JWEObject.parse(compact);
    obj.decrypt(decrypter);
    return obj.getPayload().toBytes();
  }
}
