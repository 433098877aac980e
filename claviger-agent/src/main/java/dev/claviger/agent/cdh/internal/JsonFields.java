package dev.claviger.agent.cdh.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed reads from a parsed JSON object for the CDH wire formats. Unknown members are ignored, as
 * upstream's serde structs (no {@code deny_unknown_fields}) do; every present member must have the
 * expected type.
 */
public final class JsonFields {
  private JsonFields() {}

  /** A bounded mapper: {@code maxBytes} per document, shallow nesting. */
  public static ObjectMapper mapper(long maxBytes) {
    return Json.mapper(JsonLimits.DEFAULT.withMaxDocumentLength(maxBytes).withMaxNestingDepth(16));
  }

  /** Parses one JSON object of at most {@code maxBytes} bytes. */
  public static JsonNode parseObject(ObjectMapper mapper, byte[] json, long maxBytes, String what)
      throws CdhException {
    if (json.length > maxBytes) {
      throw malformed(what + " is " + json.length + " bytes, limit " + maxBytes);
    }
    JsonNode node;
    try {
      node = Json.parse(mapper, json);
    } catch (MalformedInputException e) {
      throw new CdhException(CdhException.Kind.MALFORMED, what + ": " + e.getMessage(), e);
    }
    if (!node.isObject()) {
      throw malformed(what + " must be a JSON object");
    }
    return node;
  }

  public static String requiredString(JsonNode obj, String name, String what) throws CdhException {
    return optionalString(obj, name, what)
        .orElseThrow(() -> malformed(what + ": member '" + name + "' is missing"));
  }

  /** Absent and {@code null} both mean empty (serde {@code Option}). */
  public static Optional<String> optionalString(JsonNode obj, String name, String what)
      throws CdhException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw malformed(what + ": member '" + name + "' must be a string");
    }
    return Optional.of(v.textValue());
  }

  /**
   * A JSON object of settings as a string map; non-string values become their compact JSON text,
   * so nothing upstream could put there is lost or silently reinterpreted.
   */
  public static Map<String, String> stringMap(JsonNode obj, String name, String what)
      throws CdhException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw malformed(what + ": member '" + name + "' must be an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      out.put(e.getKey(), value.isTextual() ? value.textValue() : Json.write(value));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Standard base64 with padding, as upstream's {@code STANDARD} engine requires. */
  public static byte[] base64Std(String text, String what) throws CdhException {
    try {
      return Base64s.decodeStd(text);
    } catch (MalformedInputException e) {
      throw new CdhException(CdhException.Kind.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  /**
   * A byte field in one of the two keyprovider encodings: a base64 string (Go {@code []byte};
   * either alphabet, padding optional) or an array of numbers 0..255 (Rust {@code Vec<u8>}).
   */
  public static Optional<byte[]> bytesField(JsonNode obj, String name, String what)
      throws CdhException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isTextual()) {
      try {
        return Optional.of(Base64s.decodeLenient(v.textValue()));
      } catch (MalformedInputException e) {
        throw new CdhException(
            CdhException.Kind.MALFORMED, what + ": '" + name + "': " + e.getMessage(), e);
      }
    }
    if (v.isArray()) {
      return Optional.of(numberArray(v, name, what));
    }
    throw malformed(what + ": '" + name + "' must be a base64 string or an array of bytes");
  }

  /**
   * A packet byte field: standard base64 with padding (what upstream writes and requires) or,
   * tolerated like the keyprovider fields, an array of numbers 0..255.
   */
  public static Optional<byte[]> packetBytes(JsonNode obj, String name, String what)
      throws CdhException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isTextual()) {
      return Optional.of(base64Std(v.textValue(), what + ": '" + name + "'"));
    }
    if (v.isArray()) {
      return Optional.of(numberArray(v, name, what));
    }
    throw malformed(what + ": '" + name + "' must be a base64 string or an array of bytes");
  }

  private static byte[] numberArray(JsonNode array, String name, String what)
      throws CdhException {
    byte[] out = new byte[array.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode n = array.get(i);
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 255) {
        throw malformed(what + ": '" + name + "'[" + i + "] is not a byte (0..255)");
      }
      out[i] = (byte) n.intValue();
    }
    return out;
  }

  /** An unmodifiable copy that keeps the member order (serialisation must be deterministic). */
  public static Map<String, String> orderedCopy(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
    return Collections.unmodifiableMap(copy);
  }

  public static CdhException malformed(String message) {
    return new CdhException(CdhException.Kind.MALFORMED, message);
  }
}
