package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code sprintf} with Go's verbs. Where regorus deviates from Go (a missing or extra argument is
 * an error; {@code %f} without a precision prints the shortest form; {@code %o} prints a
 * {@code 0O} prefix) regorus is followed, because it is the conformance reference.
 */
final class Sprintf {
  /** Caps width and precision so a format string cannot allocate unbounded padding. */
  static final int MAX_WIDTH = 10_000;

  private Sprintf() {}

  private record Spec(boolean minus, boolean plus, boolean space, boolean zero, boolean sharp,
                      int width, int precision, char verb) {}

  static String format(String fmt, List<Value> args) throws BuiltinError {
    StringBuilder out = new StringBuilder();
    int argIdx = 0;
    int i = 0;
    while (i < fmt.length()) {
      char ch = fmt.charAt(i++);
      if (ch != '%') {
        out.append(ch);
        continue;
      }
      if (i < fmt.length() && fmt.charAt(i) == '%') {
        out.append('%');
        i++;
        continue;
      }
      int[] pos = {i};
      Spec spec = parseSpec(fmt, pos);
      i = pos[0];
      if (argIdx >= args.size()) {
        throw new BuiltinError("`sprintf`: no argument specified for format verb " + argIdx);
      }
      out.append(pad(spec, verb(spec, args.get(argIdx++))));
    }
    if (argIdx < args.size()) {
      throw new BuiltinError("`sprintf`: extra arguments (" + args.size() + ") specified for " + argIdx + " format verbs.");
    }
    return out.toString();
  }

  private static Spec parseSpec(String fmt, int[] pos) throws BuiltinError {
    int i = pos[0];
    boolean minus = false;
    boolean plus = false;
    boolean space = false;
    boolean zero = false;
    boolean sharp = false;
    for (; i < fmt.length(); i++) {
      char f = fmt.charAt(i);
      if (f == '-') {
        minus = true;
      } else if (f == '+') {
        plus = true;
      } else if (f == ' ') {
        space = true;
      } else if (f == '0') {
        zero = true;
      } else if (f == '#') {
        sharp = true;
      } else {
        break;
      }
    }
    int width = -1;
    int start = i;
    while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
      i++;
    }
    if (i > start) {
      width = bounded(fmt.substring(start, i));
    }
    int precision = -1;
    if (i < fmt.length() && fmt.charAt(i) == '.') {
      start = ++i;
      while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
        i++;
      }
      precision = i > start ? bounded(fmt.substring(start, i)) : 0;
    }
    if (i >= fmt.length()) {
      throw new BuiltinError("`sprintf`: missing format verb after `%` at end of format string");
    }
    pos[0] = i + 1;
    return new Spec(minus, plus, space, zero, sharp, width, precision, fmt.charAt(i));
  }

  private static int bounded(String digits) throws BuiltinError {
    if (digits.length() > 5 || Integer.parseInt(digits) > MAX_WIDTH) {
      throw new BuiltinError("`sprintf`: width or precision exceeds " + MAX_WIDTH);
    }
    return Integer.parseInt(digits);
  }

  private static String verb(Spec s, Value arg) throws BuiltinError {
    return switch (s.verb()) {
      case 's' -> precision(s, arg instanceof Value.Str str ? str.value() : arg.toString());
      case 'v' -> arg instanceof Value.Str str ? str.value() : arg.toString();
      case 'q' -> arg instanceof Value.Str str ? str.toString() : bad(s, arg);
      case 't' -> arg instanceof Value.Bool b ? Boolean.toString(b.value()) : bad(s, arg);
      case 'd', 'b', 'o', 'O', 'X', 'c' -> integer(s, arg);
      case 'x' -> arg instanceof Value.Str str ? HexFormat.of().formatHex(str.value().getBytes(StandardCharsets.UTF_8)) : integer(s, arg);
      case 'f', 'F', 'e', 'E', 'g', 'G' -> floating(s, arg);
      case 'T', 'p' -> throw new BuiltinError("`sprintf`: Go-syntax format verbs %#v, %q, %p and %T are not supported.");
      default -> bad(s, arg);
    };
  }

  private static String bad(Spec s, Value arg) throws BuiltinError {
    if (arg instanceof Num) {
      throw new BuiltinError("`sprintf`: number specified for format verb " + s.verb() + ".");
    }
    throw new BuiltinError("`sprintf`: invalid value `" + arg + "` for format verb " + s.verb() + ".");
  }

  private static String precision(Spec s, String text) {
    if (s.precision() >= 0 && text.codePointCount(0, text.length()) > s.precision()) {
      return text.substring(0, text.offsetByCodePoints(0, s.precision()));
    }
    return text;
  }

  private static String sign(Spec s, int signum) {
    return signum < 0 ? "-" : s.plus() ? "+" : s.space() ? " " : "";
  }

  private static String integer(Spec s, Value arg) throws BuiltinError {
    if (!(arg instanceof Num n) || !n.isInteger()) {
      return bad(s, arg);
    }
    BigInteger v = n.bigValue();
    if (s.verb() == 'c') {
      if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0) {
        throw new BuiltinError("`sprintf`: invalid value " + v + " for format verb c.");
      }
      return new String(Character.toChars(v.intValue()));
    }
    BigInteger abs = v.abs();
    String digits = switch (s.verb()) {
      case 'b' -> abs.toString(2);
      case 'o' -> "0O" + abs.toString(8);
      case 'O' -> "0o" + abs.toString(8);
      case 'x' -> (s.sharp() ? "0x" : "") + abs.toString(16);
      case 'X' -> (s.sharp() ? "0X" : "") + abs.toString(16).toUpperCase(Locale.ROOT);
      default -> abs.toString();
    };
    return sign(s, v.signum()) + digits;
  }

  private static String floating(Spec s, Value arg) throws BuiltinError {
    if (!(arg instanceof Num n)) {
      return bad(s, arg);
    }
    String sign = sign(s, n.signum());
    BigDecimal abs = n.decimalValue().abs();
    return sign + switch (s.verb()) {
      case 'f', 'F' -> s.precision() < 0
          ? (n.signum() < 0 ? n.negate() : n).toString()
          : abs.setScale(s.precision(), RoundingMode.HALF_EVEN).toPlainString();
      case 'e', 'E' -> {
        String e = scientific(abs, s.precision() < 0 ? 6 : s.precision());
        yield s.verb() == 'E' ? e.toUpperCase(Locale.ROOT) : e;
      }
      default -> {
        String g = shortest(abs.doubleValue());
        yield s.verb() == 'G' ? g.toUpperCase(Locale.ROOT) : g;
      }
    };
  }

  /** Go's %e: d.ddddde±dd. */
  static String scientific(BigDecimal abs, int prec) {
    if (abs.signum() == 0) {
      return "0" + (prec > 0 ? "." + "0".repeat(prec) : "") + "e+00";
    }
    BigDecimal r = abs.round(new java.math.MathContext(prec + 1, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    BigDecimal mant = r.movePointLeft(exp).setScale(prec, RoundingMode.HALF_EVEN);
    return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /** Go's %g: shortest representation, exponent form for exponents < -4 or >= 21. */
  static String shortest(double d) {
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= 21) {
      BigDecimal mant = bd.movePointLeft(exp);
      return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return bd.toPlainString();
  }

  private static String pad(Spec s, String text) {
    int len = text.codePointCount(0, text.length());
    if (s.width() <= len) {
      return text;
    }
    int n = s.width() - len;
    if (s.minus()) {
      return text + " ".repeat(n);
    }
    if (s.zero() && s.verb() != 's' && s.verb() != 'v' && s.verb() != 'q') {
      int signLen = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
      return text.substring(0, signLen) + "0".repeat(n) + text.substring(signLen);
    }
    return " ".repeat(n) + text;
  }
}
