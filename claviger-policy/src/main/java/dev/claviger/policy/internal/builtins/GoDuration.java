package dev.claviger.policy.internal.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/** Go's time.ParseDuration: "1h6m13.3s", "-1.5ms", units ns us µs μs ms s m h. */
final class GoDuration {
  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final int MAX_TEXT = 256;

  private GoDuration() {}

  static long parse(String text) throws BuiltinError {
    String s = text;
    if (s.length() > MAX_TEXT) {
      throw invalid(text);
    }
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = UNITS.get(s.substring(unitStart, i));
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.') || unit == null) {
        throw invalid(text);
      }
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger ns = total.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    if (neg) {
      ns = ns.negate();
    }
    if (ns.bitLength() > 63) {
      throw new BuiltinError("`time.parse_duration_ns`: invalid duration \"" + text + "\": overflow");
    }
    return ns.longValue();
  }

  private static BuiltinError invalid(String text) {
    return new BuiltinError("`time.parse_duration_ns`: time: invalid duration \"" + text + "\"");
  }
}
