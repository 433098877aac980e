package dev.claviger.kbs.internal.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TeePublicKeyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ObjectNode jwk = (ObjectNode) JSON.readTree(
        new ECKey.Builder(Curve.P_256, (ECPublicKey) g.generateKeyPair().getPublic()).build().toJSONString());
    jwk.put("alg", "ECDH-ES+A256KW");
    return jwk;
  }

  @Test
  void parse_validP256_returnsEcKey() throws Exception {
    assertThat(TeePublicKey.parse(p256())).isInstanceOf(TeePublicKey.Ec.class);
  }

  @Test
  void parse_pointOffCurve_rejected() throws Exception {
    ObjectNode jwk = p256();
    byte[] y = Base64.getUrlDecoder().decode(jwk.get("y").asText());
    y[31] ^= 1;
    jwk.put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(y));
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("not on the curve");
  }

  @Test
  void parse_shortCoordinate_rejected() throws Exception {
    ObjectNode jwk = p256();
    jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]));
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("32 bytes");
  }

  @Test
  void parse_unknownCurve_rejected() throws Exception {
    ObjectNode jwk = p256();
    jwk.put("crv", "P-384");
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("unsupported curve");
  }

  @Test
  void parse_plainRsaOaep_rejected() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    ObjectNode jwk = (ObjectNode) JSON.readTree(new RSAKey.Builder((RSAPublicKey) g.generateKeyPair().getPublic()).build().toJSONString());
    jwk.put("alg", "RSA-OAEP");
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("unsupported tee-pubkey alg");
  }

  @Test
  void parse_smallRsa_rejected() throws Exception {
    ObjectNode jwk = JSON.createObjectNode().put("kty", "RSA").put("alg", "RSA-OAEP-256")
        .put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(BigInteger.ONE.shiftLeft(1023).setBit(0).toByteArray()))
        .put("e", "AQAB");
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("2048");
  }

  @Test
  void parse_algMismatchesKty_rejected() throws Exception {
    ObjectNode jwk = p256();
    jwk.put("alg", "RSA-OAEP-256");
    assertThatThrownBy(() -> TeePublicKey.parse(jwk)).hasMessageContaining("needs an RSA key");
  }

  @Test
  void parse_missingMembersOrNotObject_rejected() {
    assertThatThrownBy(() -> TeePublicKey.parse(JSON.createObjectNode().put("kty", "EC")))
        .isInstanceOf(InvalidTeeKeyException.class);
    assertThatThrownBy(() -> TeePublicKey.parse(JSON.getNodeFactory().textNode("x")))
        .isInstanceOf(InvalidTeeKeyException.class);
    assertThatThrownBy(() -> TeePublicKey.parse(JSON.createObjectNode().put("kty", "AKP").put("alg", "ECDH-ES+A256KW")))
        .hasMessageContaining("kty");
  }
}
