package dev.claviger.image.crypt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.impl.ContentCryptoProvider;
import com.nimbusds.jose.jca.JWEJCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a JWE in either JSON serialisation (flattened, or general with go-jose's stray top-level
 * {@code encrypted_key}, which is ignored when {@code recipients} exist) and opens it with the
 * first private key that unwraps some recipient's CEK. Accepted: alg RSA-OAEP, RSA-OAEP-256,
 * ECDH-ES+A128/192/256KW; enc A128/192/256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512; no
 * {@code zip}, no {@code crit}.
 */
public final class JweDecoder {
  private static final Set<String> ENCRYPTIONS = Set.of("A128GCM", "A192GCM", "A256GCM",
      "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512");

  /** Each recipient may cost one private-key operation per key; an image cannot ask for more. */
  public static final int MAX_RECIPIENTS = 256;

  private JweDecoder() {}

  /**
   * The plaintext, or empty when no key opens any recipient.
   *
   * @throws ImageCryptException MALFORMED for a broken JWE, JWE_INVALID when a key opened the CEK
   *     but the content failed authentication (the JWE was altered)
   */
  public static Optional<SecretBytes> decrypt(byte[] json, List<PrivateKey> keys) throws ImageCryptException {
    JsonNode jwe = CryptJson.parseObject(json, "JWE");
    String protectedB64 = jwe.hasNonNull("protected") ? CryptJson.requiredText(jwe, "protected", "JWE") : "";
    ObjectNode shared = protectedB64.isEmpty() ? Json.mapper().createObjectNode()
        : (ObjectNode) CryptJson.parseObject(CryptJson.urlBase64(protectedB64, "JWE protected"), "JWE protected header");
    merge(shared, jwe.get("unprotected"));
    Base64URL iv = JweCodec.b64(jwe, "iv", true);
    Base64URL ciphertext = JweCodec.b64(jwe, "ciphertext", true);
    Base64URL tag = JweCodec.b64(jwe, "tag", true);
    byte[] aad = aad(protectedB64, jwe);
    for (JsonNode recipient : recipients(jwe)) {
      ObjectNode header = shared.deepCopy();
      merge(header, recipient.get("header"));
      Base64URL encryptedKey = JweCodec.b64(recipient, "encrypted_key", true);
      Optional<SecretBytes> opened = open(header, encryptedKey, iv, ciphertext, tag, aad, keys);
      if (opened.isPresent()) {
        return opened;
      }
    }
    return Optional.empty();
  }

  private static List<JsonNode> recipients(JsonNode jwe) throws ImageCryptException {
    JsonNode array = jwe.get("recipients");
    if (array == null) {
      return List.of(jwe);
    }
    if (!array.isArray() || array.isEmpty() || array.size() > MAX_RECIPIENTS) {
      throw CryptJson.malformed("JWE 'recipients' must be an array of 1.." + MAX_RECIPIENTS + " entries");
    }
    List<JsonNode> list = new ArrayList<>();
    for (JsonNode r : array) {
      if (!r.isObject()) {
        throw CryptJson.malformed("JWE recipient must be an object");
      }
      list.add(r);
    }
    return list;
  }

  private static Optional<SecretBytes> open(ObjectNode header, Base64URL encryptedKey, Base64URL iv,
      Base64URL ciphertext, Base64URL tag, byte[] aad, List<PrivateKey> keys) throws ImageCryptException {
    String alg = text(header, "alg");
    String enc = text(header, "enc");
    if (!JweAlgorithms.KEY_ALGORITHMS.contains(alg)) {
      return Optional.empty();
    }
    if (!ENCRYPTIONS.contains(enc)) {
      throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM, "JWE enc " + enc + " is not supported");
    }
    if (header.has("zip") || header.has("crit")) {
      throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM, "JWE with zip or crit is not supported");
    }
    EncryptionMethod method = EncryptionMethod.parse(enc);
    for (PrivateKey key : keys) {
      Optional<byte[]> cek = unwrap(alg, header, key, encryptedKey.decode());
      if (cek.isPresent() && cek.get().length * 8 == method.cekBitLength()) {
        return Optional.of(content(header, aad, iv, ciphertext, tag, cek.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<byte[]> unwrap(String alg, ObjectNode header, PrivateKey key, byte[] encryptedKey)
      throws ImageCryptException {
    if (!JweAlgorithms.isEcdh(alg)) {
      return key instanceof RSAPrivateKey rsa ? JweAlgorithms.rsaUnwrap(alg, rsa, encryptedKey) : Optional.empty();
    }
    if (!(key instanceof ECPrivateKey ec)) {
      return Optional.empty();
    }
    ECPublicKey epk = epk(header);
    if (!Curve.forECParameterSpec(ec.getParams()).equals(Curve.forECParameterSpec(epk.getParams()))) {
      return Optional.empty();
    }
    byte[] apu = optionalB64(header, "apu");
    byte[] apv = optionalB64(header, "apv");
    return JweAlgorithms.ecdhUnwrap(alg, ec, epk, apu, apv, encryptedKey);
  }

  private static SecretBytes content(ObjectNode header, byte[] aad, Base64URL iv, Base64URL ciphertext,
      Base64URL tag, byte[] cek) throws ImageCryptException {
    try {
      JWEHeader parsed = JWEHeader.parse(Json.write(header));
      byte[] plain = ContentCryptoProvider.decrypt(parsed, aad, null, iv, ciphertext, tag,
          new SecretKeySpec(cek, "AES"), new JWEJCAContext());
      return SecretBytes.wrapOwned(plain);
    } catch (ParseException e) {
      throw CryptJson.malformed("JWE header: " + e.getMessage());
    } catch (JOSEException e) {
      throw new ImageCryptException(Reason.JWE_INVALID,
          "a key opened the JWE but its content failed authentication: the wrapped key was altered", e);
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }

  private static ECPublicKey epk(ObjectNode header) throws ImageCryptException {
    JsonNode epk = header.get("epk");
    if (epk == null || !epk.isObject()) {
      throw CryptJson.malformed("ECDH-ES JWE lacks 'epk'");
    }
    try {
      // The ECKey constructor rejects points that are not on the curve (invalid-curve attacks).
      ECKey key = ECKey.parse(Json.write(epk));
      JweCodec.curveOf(key.toECPublicKey());
      return key.toECPublicKey();
    } catch (ParseException | JOSEException e) {
      throw CryptJson.malformed("JWE epk: " + e.getMessage());
    }
  }

  private static byte[] aad(String protectedB64, JsonNode jwe) throws ImageCryptException {
    String aad = protectedB64;
    if (jwe.has("aad")) {
      aad = aad + "." + CryptJson.requiredText(jwe, "aad", "JWE");
    }
    return aad.getBytes(StandardCharsets.US_ASCII);
  }

  private static void merge(ObjectNode into, JsonNode from) throws ImageCryptException {
    if (from == null || from.isNull()) {
      return;
    }
    if (!from.isObject()) {
      throw CryptJson.malformed("JWE header must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (into.has(e.getKey())) {
        throw CryptJson.malformed("JWE header parameter '" + e.getKey() + "' appears twice");
      }
      into.set(e.getKey(), e.getValue());
    }
  }

  private static String text(JsonNode header, String field) throws ImageCryptException {
    return CryptJson.requiredText(header, field, "JWE header");
  }

  private static byte[] optionalB64(JsonNode header, String field) throws ImageCryptException {
    JsonNode value = header.get(field);
    return value == null ? new byte[0] : CryptJson.urlBase64(text(header, field), "JWE " + field);
  }
}
