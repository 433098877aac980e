package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** units.parse and units.parse_bytes (SI and IEC suffixes, regorus' extended SI set). */
final class Units {
  private static final Map<String, Integer> DECIMAL = Map.ofEntries(
      Map.entry("E", 18), Map.entry("e", 18), Map.entry("P", 15), Map.entry("p", 15),
      Map.entry("T", 12), Map.entry("t", 12), Map.entry("G", 9), Map.entry("g", 9),
      Map.entry("M", 6), Map.entry("K", 3), Map.entry("k", 3), Map.entry("m", -3),
      Map.entry("Q", 30), Map.entry("R", 27), Map.entry("Y", 24), Map.entry("Z", 21),
      Map.entry("h", 2), Map.entry("da", 1), Map.entry("d", -1), Map.entry("c", -2),
      Map.entry("μ", -6), Map.entry("n", -9), Map.entry("f", -15), Map.entry("a", -18),
      Map.entry("z", -21), Map.entry("y", -24), Map.entry("r", -27), Map.entry("q", -30),
      Map.entry("", 0));
  private static final Map<String, Integer> BINARY = Map.of(
      "ki", 10, "mi", 20, "gi", 30, "ti", 40, "pi", 50, "ei", 60, "zi", 70, "yi", 80);
  private static final Map<String, Integer> BYTES_DECIMAL = Map.of(
      "q", 30, "r", 27, "y", 24, "z", 21, "e", 18, "p", 15, "t", 12, "g", 9, "m", 6, "k", 3);

  private Units() {}

  static void register(Registry r) {
    r.add("units.parse", 1, (a, c) -> parse(Args.str("units.parse", a, 0), false));
    r.add("units.parse_bytes", 1, (a, c) -> parse(Args.str("units.parse_bytes", a, 0), true));
  }

  private static Value parse(String input, boolean bytes) throws BuiltinError {
    String fn = bytes ? "units.parse_bytes" : "units.parse";
    String s = input.length() >= 2 && input.startsWith("\"") && input.endsWith("\"")
        ? input.substring(1, input.length() - 1) : input;
    if (s.chars().anyMatch(Character::isWhitespace)) {
      throw new BuiltinError("`" + fn + "`: spaces not allowed in resource strings");
    }
    int split = lastDigit(s) + 1;
    String number = canonical(s.substring(0, split));
    String suffix = s.substring(split);
    Integer ten;
    Integer two;
    if (bytes) {
      String lower = suffix.toLowerCase(Locale.ROOT);
      String iec = lower.endsWith("ib") ? lower.substring(0, lower.length() - 1) : lower;
      two = lower.isEmpty() ? Integer.valueOf(0) : BINARY.get(iec);
      String si = lower.endsWith("b") ? lower.substring(0, lower.length() - 1) : lower;
      ten = two == null ? BYTES_DECIMAL.get(si) : null;
    } else {
      ten = DECIMAL.get(suffix);
      two = ten == null ? BINARY.get(suffix.toLowerCase(Locale.ROOT)) : null;
    }
    if (ten == null && two == null) {
      return null;
    }
    BigDecimal value = decimal(fn, number);
    value = ten != null ? value.scaleByPowerOfTen(ten) : value.multiply(new BigDecimal(java.math.BigInteger.TWO.pow(two)));
    if (bytes) {
      value = value.setScale(0, RoundingMode.HALF_UP);
    }
    return Num.parse(value.stripTrailingZeros().toString());
  }

  private static int lastDigit(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        return i;
      }
    }
    return -1;
  }

  private static String canonical(String n) {
    if (n.startsWith("-.")) {
      return "-0." + n.substring(2);
    }
    if (n.startsWith("+.")) {
      return "+0." + n.substring(2);
    }
    return n.startsWith(".") ? "0." + n.substring(1) : n;
  }

  private static BigDecimal decimal(String fn, String n) throws BuiltinError {
    if (n.isEmpty() || n.length() > Conversions.MAX_NUMBER_TEXT) {
      throw new BuiltinError("`" + fn + "`: could not parse number");
    }
    try {
      BigDecimal d = new BigDecimal(n);
      if (Math.abs((long) d.scale()) > 400) {
        throw new BuiltinError("`" + fn + "`: could not parse number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BuiltinError("`" + fn + "`: could not parse number");
    }
  }
}
