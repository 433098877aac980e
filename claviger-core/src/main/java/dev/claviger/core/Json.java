package dev.claviger.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.core.internal.JsonSupport;
import java.util.Objects;

/**
 * The one way Claviger reads and writes JSON: a Jackson mapper with explicit input limits
 * ({@link JsonLimits#DEFAULT}), trailing tokens and duplicate member names rejected, unknown
 * properties rejected when binding, and no polymorphic default typing.
 *
 * <p>Thread-safe. The shared mapper must not be reconfigured by callers; build another with
 * {@link #mapper(JsonLimits)} when different limits are needed.
 */
public final class Json {
  private static final ObjectMapper SHARED = JsonSupport.newMapper(JsonLimits.DEFAULT);

  private Json() {}

  /** The shared mapper with {@link JsonLimits#DEFAULT}. */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /** A new mapper with the given limits and the same hardening; cache it, it is costly to make. */
  public static ObjectMapper mapper(JsonLimits limits) {
    return JsonSupport.newMapper(Objects.requireNonNull(limits, "limits"));
  }

  /** Parses one JSON document (UTF-8) with the default limits. */
  public static JsonNode parse(byte[] json) throws MalformedInputException {
    return parse(SHARED, json);
  }

  /** Parses one JSON document with the default limits. */
  public static JsonNode parse(String json) throws MalformedInputException {
    return JsonSupport.parse(SHARED, Objects.requireNonNull(json, "json"));
  }

  /** Parses one JSON document with a mapper from {@link #mapper(JsonLimits)}. */
  public static JsonNode parse(ObjectMapper mapper, byte[] json) throws MalformedInputException {
    return JsonSupport.parse(
        Objects.requireNonNull(mapper, "mapper"), Objects.requireNonNull(json, "json"));
  }

  /** Binds one JSON document (UTF-8) to {@code type} (typically a record). */
  public static <T> T read(byte[] json, Class<T> type) throws MalformedInputException {
    return read(SHARED, json, type);
  }

  /** Binds one JSON document to {@code type} with the given mapper. */
  public static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type)
      throws MalformedInputException {
    return JsonSupport.read(
        Objects.requireNonNull(mapper, "mapper"),
        Objects.requireNonNull(json, "json"),
        Objects.requireNonNull(type, "type"));
  }

  /** Binds an already parsed tree to {@code type}. */
  public static <T> T convert(JsonNode node, Class<T> type) throws MalformedInputException {
    return JsonSupport.convert(
        SHARED, Objects.requireNonNull(node, "node"), Objects.requireNonNull(type, "type"));
  }

  /**
   * Serialises a value (compact, not canonical: use {@link CanonicalJson} for hashing/signing).
   *
   * @throws IllegalStateException if the value is not serialisable (a programming error)
   */
  public static String write(Object value) {
    return JsonSupport.write(SHARED, value);
  }

  /** As {@link #write(Object)}, UTF-8 encoded. */
  public static byte[] writeBytes(Object value) {
    return JsonSupport.writeBytes(SHARED, value);
  }
}
