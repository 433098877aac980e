package dev.claviger.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.MalformedInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** RFC 8785 serialisation of a Jackson tree. */
public final class JcsWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JcsWriter() {}

  /** Trees built in code are not bounded by the parser's depth limit; bound the recursion here. */
  static final int MAX_DEPTH = 1000;

  public static String write(JsonNode node) throws MalformedInputException {
    StringBuilder out = new StringBuilder(256);
    writeValue(node, out, 0);
    return out.toString();
  }

  private static void writeValue(JsonNode node, StringBuilder out, int depth)
      throws MalformedInputException {
    if (depth > MAX_DEPTH) {
      throw new MalformedInputException("JCS: nesting deeper than " + MAX_DEPTH);
    }
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out, depth);
      case ARRAY -> writeArray(node, out, depth);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(formatNumber(node.doubleValue()));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new MalformedInputException(
              "JCS: cannot canonicalise a " + node.getNodeType() + " node");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out, int depth)
      throws MalformedInputException {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      members.add(it.next());
    }
    // String.compareTo orders by UTF-16 code units, exactly what RFC 8785 section 3.2.3 asks.
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> m : members) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(m.getKey(), out);
      out.append(':');
      writeValue(m.getValue(), out, depth + 1);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out, int depth)
      throws MalformedInputException {
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeValue(node.get(i), out, depth + 1);
    }
    out.append(']');
  }

  static void writeString(String s, StringBuilder out) throws MalformedInputException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          out.append(c).append(s.charAt(++i));
          continue;
        }
        throw new MalformedInputException("JCS: lone UTF-16 surrogate in string at index " + i);
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * ECMAScript Number::toString. Since JDK 19 {@link Double#toString(double)} yields the shortest
   * digit string that round-trips (JDK-4511638), which is the digit choice ECMAScript mandates; only
   * the layout (exponent thresholds, "e+" form) differs and is redone here.
   */
  public static String formatNumber(double value) throws MalformedInputException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new MalformedInputException("JCS: number is not finite");
    }
    if (value == 0.0) {
      return "0"; // also -0
    }
    StringBuilder out = new StringBuilder(32);
    if (value < 0) {
      out.append('-');
      value = -value;
    }
    Decimal d = Decimal.of(value);
    layout(d.digits(), d.pointPosition(), out);
    return out.toString();
  }

  /** ECMA-262 Number::toString steps 6-12: {@code value = 0.digits * 10^n}. */
  private static void layout(String digits, int n, StringBuilder out) {
    int k = digits.length();
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }

  /** Shortest round-trip digits of a positive finite double, without leading/trailing zeros. */
  private record Decimal(String digits, int pointPosition) {
    static Decimal of(double positive) {
      String s = Double.toString(positive); // "123.45", "1.0E-7", "1.2345E21"
      int exp = 0;
      int e = s.indexOf('E');
      String mantissa = s;
      if (e >= 0) {
        exp = Integer.parseInt(s.substring(e + 1));
        mantissa = s.substring(0, e);
      }
      int dot = mantissa.indexOf('.');
      String intPart = mantissa.substring(0, dot);
      String digits = intPart + mantissa.substring(dot + 1);
      int point = intPart.length() + exp;
      int lead = 0;
      while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
        lead++;
      }
      digits = digits.substring(lead);
      point -= lead;
      int end = digits.length();
      while (end > 1 && digits.charAt(end - 1) == '0') {
        end--;
      }
      Decimal d = new Decimal(digits.substring(0, end), point);
      return d.digits().length() == 2 ? shortenToOneDigit(d, positive) : d;
    }

    /**
     * When one digit suffices Java still prints two (its spec picks the closest 2-digit decimal:
     * 4.9E-324), while ECMAScript wants the shortest: 5e-324. Try both 1-digit neighbours.
     */
    private static Decimal shortenToOneDigit(Decimal d, double v) {
      int first = d.digits().charAt(0) - '0';
      BigDecimal exact = new BigDecimal(v);
      Decimal best = null;
      BigDecimal bestDistance = null;
      for (int c = first; c <= first + 1; c++) {
        Decimal cand = c == 10 ? new Decimal("1", d.pointPosition() + 1)
            : new Decimal(Integer.toString(c), d.pointPosition());
        BigDecimal value = new BigDecimal(cand.digits()).scaleByPowerOfTen(cand.pointPosition() - 1);
        if (value.doubleValue() != v) {
          continue;
        }
        BigDecimal distance = value.subtract(exact).abs();
        if (best == null || distance.compareTo(bestDistance) < 0) {
          best = cand;
          bestDistance = distance;
        }
      }
      return best != null ? best : d;
    }
  }
}
