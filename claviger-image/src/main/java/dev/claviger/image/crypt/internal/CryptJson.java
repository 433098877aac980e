package dev.claviger.image.crypt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;

/** Bounded JSON helpers for the small ocicrypt documents (options, JWE, key-provider messages). */
public final class CryptJson {
  /** Options documents and single JWEs are tiny; 1 MiB covers hundreds of recipients. */
  public static final int MAX_DOCUMENT = 1 << 20;

  private static final ObjectMapper MAPPER =
      Json.mapper(JsonLimits.DEFAULT.withMaxDocumentLength(MAX_DOCUMENT).withMaxNestingDepth(8));

  private CryptJson() {}

  public static JsonNode parseObject(byte[] json, String what) throws ImageCryptException {
    if (json.length > MAX_DOCUMENT) {
      throw malformed(what + " exceeds " + MAX_DOCUMENT + " bytes");
    }
    JsonNode node;
    try {
      node = Json.parse(MAPPER, json);
    } catch (MalformedInputException e) {
      throw new ImageCryptException(Reason.MALFORMED, what + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!node.isObject()) {
      throw malformed(what + " must be a JSON object");
    }
    return node;
  }

  public static String requiredText(JsonNode object, String field, String what) throws ImageCryptException {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed(what + " lacks string member '" + field + "'");
    }
    return value.textValue();
  }

  /** A Go {@code []byte} member: standard base64 with padding. */
  public static byte[] requiredStdBase64(JsonNode object, String field, int length, String what)
      throws ImageCryptException {
    byte[] bytes = stdBase64(requiredText(object, field, what), what + "." + field);
    if (length >= 0 && bytes.length != length) {
      throw malformed(what + "." + field + " must be " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  public static byte[] stdBase64(String text, String what) throws ImageCryptException {
    try {
      return Base64s.decodeStd(text);
    } catch (MalformedInputException e) {
      throw malformed(what + " is not standard base64: " + e.getMessage());
    }
  }

  public static byte[] urlBase64(String text, String what) throws ImageCryptException {
    try {
      return Base64s.decodeUrlNoPad(text);
    } catch (MalformedInputException e) {
      throw malformed(what + " is not base64url: " + e.getMessage());
    }
  }

  public static ImageCryptException malformed(String message) {
    return new ImageCryptException(Reason.MALFORMED, message);
  }
}
