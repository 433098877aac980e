package dev.claviger.image.crypt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.CryptJson;
import java.util.Arrays;
import java.util.Objects;

/**
 * ocicrypt {@code PublicLayerBlockCipherOptions}, carried in clear as the layer annotation {@code
 * org.opencontainers.image.enc.pubopts}: {@code {"cipher":"AES_256_CTR_HMAC_SHA256","hmac":"<std
 * b64 of 32 bytes>","cipheroptions":{}}}. The HMAC is not secret (it authenticates the ciphertext
 * under the secret layer key).
 */
public record PublicLayerOptions(String cipher, byte[] hmac) {
  public static final String AES_256_CTR_HMAC_SHA256 = "AES_256_CTR_HMAC_SHA256";

  public PublicLayerOptions {
    Objects.requireNonNull(cipher, "cipher");
    hmac = Objects.requireNonNull(hmac, "hmac").clone();
  }

  public static PublicLayerOptions of(byte[] hmac) {
    return new PublicLayerOptions(AES_256_CTR_HMAC_SHA256, hmac);
  }

  @Override
  public byte[] hmac() {
    return hmac.clone();
  }

  /** Parses the JSON; an unknown cipher is {@link Reason#UNSUPPORTED_CIPHER}. */
  public static PublicLayerOptions parse(byte[] json) throws ImageCryptException {
    JsonNode node = CryptJson.parseObject(json, "pubopts");
    String cipher = CryptJson.requiredText(node, "cipher", "pubopts");
    if (cipher.isEmpty()) {
      // ocicrypt's own wording for this case, so users can search for it.
      throw new ImageCryptException(Reason.UNSUPPORTED_CIPHER, "no cipher type provided");
    }
    if (!AES_256_CTR_HMAC_SHA256.equals(cipher)) {
      throw new ImageCryptException(Reason.UNSUPPORTED_CIPHER, "cipher '" + cipher + "' is not supported");
    }
    byte[] hmac = CryptJson.requiredStdBase64(node, "hmac", 32, "pubopts");
    return new PublicLayerOptions(cipher, hmac);
  }

  /** Parses the annotation value (std base64 of the JSON). */
  public static PublicLayerOptions fromAnnotation(String value) throws ImageCryptException {
    return parse(CryptJson.stdBase64(value, "pubopts annotation"));
  }

  /** The JSON in Go's field order. */
  public byte[] toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("cipher", cipher);
    node.put("hmac", Base64s.encodeStd(hmac));
    node.putObject("cipheroptions");
    return Json.writeBytes(node);
  }

  public String toAnnotation() {
    return Base64s.encodeStd(toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicLayerOptions p && cipher.equals(p.cipher) && Arrays.equals(hmac, p.hmac);
  }

  @Override
  public int hashCode() {
    return 31 * cipher.hashCode() + Arrays.hashCode(hmac);
  }

  @Override
  public String toString() {
    return "PublicLayerOptions[" + cipher + "]";
  }
}
