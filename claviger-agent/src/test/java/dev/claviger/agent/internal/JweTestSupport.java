package dev.claviger.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.claviger.core.Json;
import java.util.Base64;

/** Plays the KBS side: wraps bytes to a tee-pubkey JWK with Nimbus, as flattened JWE JSON. */
public final class JweTestSupport {
  private JweTestSupport() {}

  public static ObjectNode encrypt(JsonNode teePubkey, byte[] plaintext) throws Exception {
    JWK jwk = JWK.parse(Json.write(teePubkey));
    JWEAlgorithm alg = JWEAlgorithm.parse(teePubkey.get("alg").asText());
    JWEEncrypter encrypter = jwk instanceof ECKey ec
        ? new ECDHEncrypter(ec.toECPublicKey())
        : new RSAEncrypter(((RSAKey) jwk).toRSAPublicKey());
    JWEObject jwe = new JWEObject(new JWEHeader(alg, EncryptionMethod.A256GCM), new Payload(plaintext));
    jwe.encrypt(encrypter);
    String[] parts = jwe.serialize().split("\\.", -1);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("protected", parts[0]);
    out.put("encrypted_key", parts[1]);
    out.put("iv", parts[2]);
    out.put("ciphertext", parts[3]);
    out.put("tag", parts[4]);
    return out;
  }

  public static String flipFirstByte(String b64url) {
    byte[] bytes = Base64.getUrlDecoder().decode(b64url);
    bytes[0] ^= 0x01;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
