package dev.claviger.kbs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.internal.json.KbsJson;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An ES256 token signer for tests, with helpers for EAR-shaped claims. */
public final class TestTokens {
  private final KeyPair keys;

  public TestTokens() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public ECPublicKey publicKey() {
    return (ECPublicKey) keys.getPublic();
  }

  public KeyPair keyPair() {
    return keys;
  }

  /** Signs {@code claims} with header {@code jwk} (and {@code x5c} when given). */
  public String sign(JsonNode claims, List<Base64> x5c) {
    try {
      ECKey jwk = new ECKey.Builder(Curve.P_256, publicKey()).build();
      JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).jwk(jwk);
      if (x5c != null) {
        h.x509CertChain(x5c);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = KbsJson.mapper().convertValue(claims, Map.class);
      SignedJWT jwt = new SignedJWT(h.build(), JWTClaimsSet.parse(map));
      jwt.sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String sign(JsonNode claims) {
    return sign(claims, null);
  }

  /** EAR claims with one affirming cpu0 submod carrying {@code teeKey} in runtime_data_claims. */
  public static com.fasterxml.jackson.databind.node.ObjectNode ear(JsonNode teeKey, String tee, String status, Instant exp) {
    var c = KbsJson.mapper().createObjectNode();
    c.put("eat_profile", "tag:github.com,2024:confidential-containers/Trustee");
    c.put("iss", "test-as");
    c.put("iat", exp.getEpochSecond() - 300);
    c.put("exp", exp.getEpochSecond());
    var cpu0 = c.putObject("submods").putObject("cpu0");
    cpu0.put("ear.status", status);
    var ev = cpu0.putObject("ear.veraison.annotated-evidence");
    ev.putObject(tee).put("svn", "1");
    ev.putObject("runtime_data_claims").set("tee-pubkey", teeKey);
    return c;
  }
}
