package dev.claviger.image.crypt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.JweRecipient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the JWE JSON serialisation exactly as go-jose's {@code FullSerialize()} does for ocicrypt:
 * one recipient gives the flattened form with every header in {@code protected}; several give the
 * general form with {@code protected={"enc":"A256GCM"}} and per-recipient {@code header}. Always
 * A256GCM, no compression. (go-jose also copies recipient 0's key to a top-level {@code
 * encrypted_key} in the general form; RFC 7516 has no such member and no decoder needs it, so we
 * leave it out.)
 */
public final class JweCodec {
  private JweCodec() {}

  public static byte[] encrypt(SecretBytes plaintext, List<JweRecipient> recipients, SecureRandom random)
      throws ImageCryptException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("no JWE recipients");
    }
    byte[] cek = new byte[32];
    random.nextBytes(cek);
    try {
      List<ObjectNode> headers = new java.util.ArrayList<>();
      List<byte[]> keys = new java.util.ArrayList<>();
      for (JweRecipient r : recipients) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("alg", r.algorithm());
        keys.add(wrap(r, cek, random, header));
        headers.add(header);
      }
      ObjectNode protectedHeader = JsonNodeFactory.instance.objectNode();
      if (recipients.size() == 1) {
        protectedHeader.put("alg", headers.get(0).get("alg").textValue());
        protectedHeader.put("enc", "A256GCM");
        if (headers.get(0).has("epk")) {
          protectedHeader.set("epk", headers.get(0).get("epk"));
        }
      } else {
        protectedHeader.put("enc", "A256GCM");
      }
      String protectedB64 = Base64s.encodeUrlNoPad(Json.writeBytes(protectedHeader));
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      byte[] sealed = gcm(cek, iv, protectedB64, plaintext);
      ObjectNode jwe = JsonNodeFactory.instance.objectNode();
      jwe.put("protected", protectedB64);
      if (recipients.size() == 1) {
        jwe.put("encrypted_key", Base64s.encodeUrlNoPad(keys.get(0)));
      } else {
        var array = jwe.putArray("recipients");
        for (int i = 0; i < recipients.size(); i++) {
          ObjectNode entry = array.addObject();
          entry.set("header", headers.get(i));
          entry.put("encrypted_key", Base64s.encodeUrlNoPad(keys.get(i)));
        }
      }
      jwe.put("iv", Base64s.encodeUrlNoPad(iv));
      jwe.put("ciphertext", Base64s.encodeUrlNoPad(Arrays.copyOf(sealed, sealed.length - 16)));
      jwe.put("tag", Base64s.encodeUrlNoPad(Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length)));
      return Json.writeBytes(jwe);
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }

  private static byte[] wrap(JweRecipient r, byte[] cek, SecureRandom random, ObjectNode header)
      throws ImageCryptException {
    if (JweAlgorithms.isEcdh(r.algorithm())) {
      ECPublicKey key = (ECPublicKey) r.key();
      Curve curve = curveOf(key);
      JweAlgorithms.EcdhWrap wrapped = JweAlgorithms.ecdhWrap(r.algorithm(), key, cek, random);
      ECKey epk = new ECKey.Builder(curve, wrapped.ephemeral()).build();
      ObjectNode epkNode = header.putObject("epk");
      epkNode.put("kty", "EC");
      epkNode.put("crv", curve.getName());
      epkNode.put("x", epk.getX().toString());
      epkNode.put("y", epk.getY().toString());
      return wrapped.encryptedKey();
    }
    return JweAlgorithms.rsaWrap(r.algorithm(), (RSAPublicKey) r.key(), cek, random);
  }

  static Curve curveOf(ECPublicKey key) throws ImageCryptException {
    Curve curve = Curve.forECParameterSpec(key.getParams());
    if (curve == null || !(curve.equals(Curve.P_256) || curve.equals(Curve.P_384) || curve.equals(Curve.P_521))) {
      throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM, "EC keys must be on P-256, P-384 or P-521");
    }
    return curve;
  }

  private static byte[] gcm(byte[] cek, byte[] iv, String protectedB64, SecretBytes plaintext) {
    byte[] clear = plaintext.toByteArray();
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
      gcm.updateAAD(protectedB64.getBytes(StandardCharsets.US_ASCII));
      return gcm.doFinal(clear);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  static Base64URL b64(JsonNode node, String field, boolean required) throws ImageCryptException {
    JsonNode value = node.get(field);
    if (value == null) {
      if (required) {
        throw CryptJson.malformed("JWE lacks '" + field + "'");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw CryptJson.malformed("JWE member '" + field + "' must be a string");
    }
    CryptJson.urlBase64(value.textValue(), "JWE " + field);
    return new Base64URL(value.textValue());
  }
}
