package dev.claviger.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.internal.JcsWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by UTF-16 code units, numbers
 * serialised as ECMAScript {@code Number.prototype.toString} of the IEEE-754 double, minimal string
 * escaping, no whitespace, UTF-8 output.
 *
 * <p>Numbers are converted to IEEE-754 doubles as the RFC requires, so integers beyond 2^53 lose
 * precision exactly as they would in JavaScript. Values JCS cannot represent (lone UTF-16
 * surrogates, non-finite numbers, binary or POJO nodes) are rejected.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  public static byte[] canonicalize(JsonNode node) throws MalformedInputException {
    return canonicalString(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of {@code node}. */
  public static String canonicalString(JsonNode node) throws MalformedInputException {
    return JcsWriter.write(Objects.requireNonNull(node, "node"));
  }

  /** Parses {@code json} with the default limits and canonicalises it. */
  public static byte[] canonicalize(byte[] json) throws MalformedInputException {
    return canonicalize(Json.parse(json));
  }

  /** ECMAScript serialisation of one double (exposed for tests and number-only callers). */
  public static String formatNumber(double value) throws MalformedInputException {
    return JcsWriter.formatNumber(value);
  }
}
