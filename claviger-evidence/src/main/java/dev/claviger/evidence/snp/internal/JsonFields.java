package dev.claviger.evidence.snp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.snp.SnpError;
import dev.claviger.evidence.snp.SnpRejectedException;
import java.math.BigInteger;

/** Strict readers for the sev crate's serde form: unsigned integers and byte arrays as numbers. */
final class JsonFields {
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonFields() {}

  static JsonNode required(JsonNode obj, String name) throws SnpRejectedException {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      throw bad("missing '" + name + "'");
    }
    return n;
  }

  /** An {@code Option<T>} member: absent and {@code null} both read as none. */
  static boolean present(JsonNode obj, String name) {
    JsonNode n = obj.get(name);
    return n != null && !n.isNull();
  }

  static long unsigned(JsonNode obj, String name, int bits) throws SnpRejectedException {
    return unsignedValue(required(obj, name), name, bits);
  }

  static long unsignedValue(JsonNode n, String name, int bits) throws SnpRejectedException {
    if (!n.isIntegralNumber()) {
      throw bad("'" + name + "' must be an unsigned integer");
    }
    BigInteger v = n.bigIntegerValue();
    BigInteger max = bits == 64 ? U64_MAX : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    if (v.signum() < 0 || v.compareTo(max) > 0) {
      throw bad("'" + name + "' out of range for u" + bits);
    }
    return v.longValue();
  }

  static byte[] bytes(JsonNode obj, String name, int length) throws SnpRejectedException {
    return bytes(required(obj, name), name, length, length);
  }

  /** A number array of {@code min..max} elements, each 0..255. */
  static byte[] bytes(JsonNode n, String name, int min, int max) throws SnpRejectedException {
    if (!n.isArray()) {
      throw bad("'" + name + "' must be an array of byte values");
    }
    if (n.size() < min || n.size() > max) {
      throw bad("'" + name + "' has " + n.size() + " elements, expected "
          + (min == max ? String.valueOf(min) : min + ".." + max));
    }
    byte[] out = new byte[n.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0 || e.intValue() > 255) {
        throw bad("'" + name + "'[" + i + "] is not a byte value");
      }
      out[i] = (byte) e.intValue();
    }
    return out;
  }

  static SnpRejectedException bad(String detail) {
    return new SnpRejectedException(SnpError.MALFORMED_EVIDENCE, detail);
  }
}
