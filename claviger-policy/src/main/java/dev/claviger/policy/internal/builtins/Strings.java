package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The string builtins except sprintf (see {@link Sprintf}). Positions count code points. */
final class Strings {
  private Strings() {}

  static void register(Registry r) {
    r.add("concat", 2, (a, c) -> Args.s(String.join(Args.str("concat", a, 0), Args.strings("concat", a, 1))));
    r.add("contains", 2, (a, c) -> Value.bool(Args.str("contains", a, 0).contains(Args.str("contains", a, 1))));
    r.add("startswith", 2, (a, c) -> Value.bool(Args.str("startswith", a, 0).startsWith(Args.str("startswith", a, 1))));
    r.add("endswith", 2, (a, c) -> Value.bool(Args.str("endswith", a, 0).endsWith(Args.str("endswith", a, 1))));
    r.add("lower", 1, (a, c) -> Args.s(Args.str("lower", a, 0).toLowerCase(Locale.ROOT)));
    r.add("upper", 1, (a, c) -> Args.s(Args.str("upper", a, 0).toUpperCase(Locale.ROOT)));
    r.add("replace", 3, (a, c) -> Args.s(
        replaceAll(Args.str("replace", a, 0), Args.str("replace", a, 1), Args.str("replace", a, 2))));
    r.add("split", 2, (a, c) -> split(Args.str("split", a, 0), Args.str("split", a, 1)));
    r.add("indexof", 2, (a, c) -> {
      List<Value> all = indexes(Args.str("indexof", a, 0), Args.str("indexof", a, 1), true);
      return all.isEmpty() ? Num.of(-1) : all.get(0);
    });
    r.add("indexof_n", 2, (a, c) -> Value.ownArray(indexes(Args.str("indexof_n", a, 0), Args.str("indexof_n", a, 1), false)));
    r.add("substring", 3, (a, c) -> substring(a));
    r.add("trim", 2, (a, c) -> Args.s(trimChars(Args.str("trim", a, 0), Args.str("trim", a, 1), true, true)));
    r.add("trim_left", 2, (a, c) -> Args.s(trimChars(Args.str("trim_left", a, 0), Args.str("trim_left", a, 1), true, false)));
    r.add("trim_right", 2, (a, c) -> Args.s(trimChars(Args.str("trim_right", a, 0), Args.str("trim_right", a, 1), false, true)));
    r.add("trim_prefix", 2, (a, c) -> {
      String s = Args.str("trim_prefix", a, 0);
      String p = Args.str("trim_prefix", a, 1);
      return Args.s(s.startsWith(p) ? s.substring(p.length()) : s);
    });
    r.add("trim_suffix", 2, (a, c) -> {
      String s = Args.str("trim_suffix", a, 0);
      String p = Args.str("trim_suffix", a, 1);
      return Args.s(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
    });
    r.add("trim_space", 1, (a, c) -> Args.s(trimSpace(Args.str("trim_space", a, 0))));
    r.add("format_int", 2, (a, c) -> formatInt(a));
    r.add("strings.reverse", 1, (a, c) -> Args.s(
        new StringBuilder(Args.str("strings.reverse", a, 0)).reverse().toString()));
    r.add("strings.count", 2, (a, c) -> Num.of(count(Args.str("strings.count", a, 0), Args.str("strings.count", a, 1))));
    r.add("strings.replace_n", 2, (a, c) -> replaceN(a));
    r.add("strings.any_prefix_match", 2, (a, c) -> anyMatch("strings.any_prefix_match", a, true));
    r.add("strings.any_suffix_match", 2, (a, c) -> anyMatch("strings.any_suffix_match", a, false));
    r.add("sprintf", 2, (a, c) -> Args.s(Sprintf.format(Args.str("sprintf", a, 0), Args.arr("sprintf", a, 1).items())));
  }

  static String replaceAll(String s, String old, String repl) {
    if (old.isEmpty()) {
      // Go and Rust insert the replacement around every code point.
      StringBuilder sb = new StringBuilder(repl);
      s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(repl));
      return sb.toString();
    }
    return s.replace(old, repl);
  }

  static Value split(String s, String sep) {
    List<Value> out = new ArrayList<>();
    if (sep.isEmpty()) {
      s.codePoints().forEach(cp -> out.add(Args.s(new String(Character.toChars(cp)))));
      return Value.ownArray(out);
    }
    int from = 0;
    for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, from)) {
      out.add(Args.s(s.substring(from, i)));
      from = i + sep.length();
    }
    out.add(Args.s(s.substring(from)));
    return Value.ownArray(out);
  }

  private static List<Value> indexes(String s, String needle, boolean firstOnly) {
    List<Value> out = new ArrayList<>();
    int cp = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i)), cp++) {
      if (s.startsWith(needle, i)) {
        out.add(Num.of(cp));
        if (firstOnly) {
          break;
        }
      }
    }
    return out;
  }

  private static Value substring(Value[] a) throws BuiltinError {
    String s = Args.str("substring", a, 0);
    Num off = Args.num("substring", a, 1);
    Num len = Args.num("substring", a, 2);
    if (!off.isLong() || !len.isLong()) {
      return Args.s("");
    }
    if (off.longValue() < 0) {
      throw new BuiltinError("`substring`: negative offset");
    }
    int cps = s.codePointCount(0, s.length());
    if (off.longValue() >= cps) {
      return Args.s("");
    }
    int start = s.offsetByCodePoints(0, (int) off.longValue());
    long want = len.longValue() < 0 ? cps : len.longValue();
    int take = (int) Math.min(want, cps - off.longValue());
    return Args.s(s.substring(start, s.offsetByCodePoints(start, take)));
  }

  private static String trimChars(String s, String cutset, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    while (left && start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (right && end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static Value formatInt(Value[] a) throws BuiltinError {
    Num n = Args.num("format_int", a, 0);
    Num base = Args.num("format_int", a, 1);
    int radix = base.isLong() ? (int) base.longValue() : 0;
    if (radix != 2 && radix != 8 && radix != 10 && radix != 16) {
      throw new BuiltinError("`format_int` expects base to be one of 2, 8, 10, 16");
    }
    BigInteger v = Numbers.roundTo(n.signum() < 0 ? n.negate() : n, java.math.RoundingMode.FLOOR).bigValue();
    return Args.s((n.signum() < 0 && v.signum() != 0 ? "-" : "") + v.toString(radix));
  }

  /** Non-overlapping occurrences, as Go's strings.Count (an empty needle counts code points + 1). */
  static long count(String s, String needle) {
    if (needle.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1L;
    }
    long n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static Value replaceN(Value[] a) throws BuiltinError {
    Value.Obj patterns = Args.obj("strings.replace_n", a, 0);
    String s = Args.str("strings.replace_n", a, 1);
    for (Map.Entry<Value, Value> e : patterns.map().entrySet()) {
      if (!(e.getKey() instanceof Value.Str k) || !(e.getValue() instanceof Value.Str v)) {
        throw new BuiltinError("`strings.replace_n` expects string keys and values in pattern object.");
      }
      s = replaceAll(s, k.value(), v.value());
    }
    return Args.s(s);
  }

  private static Value anyMatch(String fn, Value[] a, boolean prefix) throws BuiltinError {
    List<String> search = Args.stringOrStrings(fn, a, 0);
    List<String> base = Args.stringOrStrings(fn, a, 1);
    for (String s : search) {
      for (String b : base) {
        if (prefix ? s.startsWith(b) : s.endsWith(b)) {
          return Value.TRUE;
        }
      }
    }
    return Value.FALSE;
  }
}
