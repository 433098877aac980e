package dev.claviger.evidence.tpm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.tpm.TpmFormatException;
import java.util.ArrayList;
import java.util.List;

/** Bounded field access for TPM evidence JSON; every failure is a {@link TpmFormatException}. */
public final class JsonIn {
  private JsonIn() {}

  public static JsonNode object(JsonNode n, String what) throws TpmFormatException {
    if (n == null || !n.isObject()) {
      throw new TpmFormatException(what + " must be a JSON object");
    }
    return n;
  }

  public static String text(JsonNode n, String field, int maxChars) throws TpmFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new TpmFormatException("'" + field + "' must be a string");
    }
    if (v.textValue().length() > maxChars) {
      throw new TpmFormatException("'" + field + "' longer than " + maxChars + " characters");
    }
    return v.textValue();
  }

  public static byte[] std64(JsonNode n, String field, int maxBytes) throws TpmFormatException {
    String t = text(n, field, (maxBytes + 2) / 3 * 4);
    try {
      return Base64s.decodeStd(t);
    } catch (MalformedInputException e) {
      throw new TpmFormatException("'" + field + "': " + e.getMessage());
    }
  }

  public static byte[] std64Text(String t, String field) throws TpmFormatException {
    try {
      return Base64s.decodeStd(t);
    } catch (MalformedInputException e) {
      throw new TpmFormatException("'" + field + "': " + e.getMessage());
    }
  }

  public static byte[] hex(JsonNode n, String field, int maxBytes) throws TpmFormatException {
    return hexText(text(n, field, 2 * maxBytes), field);
  }

  public static byte[] hexText(String t, String field) throws TpmFormatException {
    try {
      return Hex.decode(t);
    } catch (MalformedInputException e) {
      throw new TpmFormatException("'" + field + "': " + e.getMessage());
    }
  }

  /** An array of at most {@code max} elements. */
  public static List<JsonNode> array(JsonNode n, String field, int max) throws TpmFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new TpmFormatException("'" + field + "' must be an array");
    }
    if (v.size() > max) {
      throw new TpmFormatException("'" + field + "' has more than " + max + " elements");
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  /** A JSON array of byte values (serde's Vec&lt;u8&gt;). */
  public static byte[] byteArray(JsonNode v, String field, int max) throws TpmFormatException {
    if (v == null || !v.isArray()) {
      throw new TpmFormatException("'" + field + "' must be an array of bytes");
    }
    if (v.size() > max) {
      throw new TpmFormatException("'" + field + "' has more than " + max + " bytes");
    }
    byte[] out = new byte[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode b = v.get(i);
      if (!b.isIntegralNumber() || b.asInt() < 0 || b.asInt() > 255) {
        throw new TpmFormatException("'" + field + "'[" + i + "] is not a byte");
      }
      out[i] = (byte) b.asInt();
    }
    return out;
  }
}
