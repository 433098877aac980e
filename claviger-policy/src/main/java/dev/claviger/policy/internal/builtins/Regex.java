package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** regex.* and the deprecated re_match, with Go RE2 semantics (see {@link Re2}). */
final class Regex {
  private Regex() {}

  static void register(Registry r) {
    r.add("regex.match", 2, (a, c) -> match("regex.match", a));
    r.deprecated("re_match", 2, (a, c) -> match("re_match", a));
    r.add("regex.is_valid", 1, (a, c) -> {
      if (!(a[0] instanceof Value.Str s)) {
        return Value.FALSE;
      }
      try {
        Re2.compile(s.value());
        return Value.TRUE;
      } catch (Re2.SyntaxError e) {
        return Value.FALSE;
      }
    });
    r.add("regex.find_n", 3, (a, c) -> findN(a, false));
    r.add("regex.find_all_string_submatch_n", 3, (a, c) -> findN(a, true));
    r.add("regex.split", 2, (a, c) -> split(a));
    r.add("regex.replace", 3, (a, c) -> replace(a));
    r.add("regex.template_match", 4, (a, c) -> templateMatch(a));
  }

  static Re2.Compiled compile(String fn, String pattern) throws BuiltinError {
    try {
      return Re2.compile(pattern);
    } catch (Re2.SyntaxError e) {
      throw new BuiltinError("`" + fn + "`: invalid regular expression `" + pattern + "`: " + e.getMessage());
    }
  }

  private static Value match(String fn, Value[] a) throws BuiltinError {
    Re2.Compiled re = compile(fn, Args.str(fn, a, 0));
    String s = Args.str(fn, a, 1);
    try {
      return Value.bool(re.matcher(s).find());
    } catch (Re2.BudgetExceeded e) {
      throw new BuiltinError("`" + fn + "`: " + e.getMessage());
    }
  }

  /** Go's FindAll: at most n matches (n < 0: all); empty matches abutting the previous match are skipped. */
  static List<MatchGroups> findAll(String fn, Re2.Compiled re, String s, long n) throws BuiltinError {
    List<MatchGroups> out = new ArrayList<>();
    try {
      Matcher m = re.matcher(s);
      int prevEnd = -1;
      while ((n < 0 || out.size() < n) && m.find()) {
        if (m.start() == m.end() && m.start() == prevEnd) {
          continue;
        }
        int[] idx = new int[2 * (m.groupCount() + 1)];
        for (int g = 0; g <= m.groupCount(); g++) {
          idx[2 * g] = m.start(g);
          idx[2 * g + 1] = m.end(g);
        }
        out.add(new MatchGroups(idx));
        prevEnd = m.end();
      }
    } catch (Re2.BudgetExceeded e) {
      throw new BuiltinError("`" + fn + "`: " + e.getMessage());
    }
    return out;
  }

  /** Start/end offsets of the whole match and each group (-1 when a group did not take part). */
  record MatchGroups(int[] idx) {
    int start() {
      return idx[0];
    }

    int end() {
      return idx[1];
    }

    String group(String s, int g) {
      return idx[2 * g] < 0 ? "" : s.substring(idx[2 * g], idx[2 * g + 1]);
    }

    int groups() {
      return idx.length / 2;
    }
  }

  private static Value findN(Value[] a, boolean submatches) throws BuiltinError {
    String fn = submatches ? "regex.find_all_string_submatch_n" : "regex.find_n";
    Re2.Compiled re = compile(fn, Args.str(fn, a, 0));
    String s = Args.str(fn, a, 1);
    Num n = Args.num(fn, a, 2);
    if (!n.isInteger()) {
      throw new BuiltinError("`" + fn + "`: n must be an integer");
    }
    long limit = n.isLong() ? n.longValue() : -1;
    List<Value> out = new ArrayList<>();
    for (MatchGroups m : findAll(fn, re, s, limit)) {
      if (!submatches) {
        out.add(Value.str(m.group(s, 0)));
        continue;
      }
      List<Value> groups = new ArrayList<>(m.groups());
      for (int g = 0; g < m.groups(); g++) {
        groups.add(Value.str(m.group(s, g)));
      }
      out.add(Value.ownArray(groups));
    }
    return Value.ownArray(out);
  }

  private static Value split(Value[] a) throws BuiltinError {
    Re2.Compiled re = compile("regex.split", Args.str("regex.split", a, 0));
    String s = Args.str("regex.split", a, 1);
    List<Value> out = new ArrayList<>();
    if (s.isEmpty()) {
      out.add(Value.str(""));
      return Value.ownArray(out);
    }
    int beg = 0;
    int end = 0;
    for (MatchGroups m : findAll("regex.split", re, s, -1)) {
      end = m.start();
      if (m.end() != 0) {
        out.add(Value.str(s.substring(beg, end)));
      }
      beg = m.end();
    }
    if (end != s.length()) {
      out.add(Value.str(s.substring(beg)));
    }
    return Value.ownArray(out);
  }

  private static Value replace(Value[] a) throws BuiltinError {
    String s = Args.str("regex.replace", a, 0);
    String pattern = Args.str("regex.replace", a, 1);
    String template = Args.str("regex.replace", a, 2);
    Re2.Compiled re;
    try {
      re = Re2.compile(pattern);
    } catch (Re2.SyntaxError e) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (MatchGroups m : findAll("regex.replace", re, s, -1)) {
      out.append(s, last, m.start());
      expand(out, template, s, m, re);
      last = m.end();
    }
    return Value.str(out.append(s.substring(last)).toString());
  }

  private static final Pattern REF = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)\\}|([A-Za-z0-9_]+)|\\$)");

  /** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; unknown groups expand to nothing. */
  private static void expand(StringBuilder out, String template, String s, MatchGroups m, Re2.Compiled re) {
    Matcher r = REF.matcher(template);
    int last = 0;
    while (r.find()) {
      out.append(template, last, r.start());
      last = r.end();
      if (r.group().equals("$$")) {
        out.append('$');
        continue;
      }
      String name = r.group(1) != null ? r.group(1) : r.group(2);
      int g = name.chars().allMatch(Character::isDigit) && name.length() < 6
          ? Integer.parseInt(name) : re.names().getOrDefault(name, -1);
      if (g >= 0 && g < m.groups()) {
        out.append(m.group(s, g));
      }
    }
    if (last < template.length() && template.indexOf('$', last) >= 0) {
      // A lone '$' that is not a reference is dropped, as Go does.
      out.append(template.substring(last).replace("$", ""));
    } else {
      out.append(template.substring(last));
    }
  }

  private static Value templateMatch(Value[] a) throws BuiltinError {
    String fn = "regex.template_match";
    String template = Args.str(fn, a, 0);
    String value = Args.str(fn, a, 1);
    String open = Args.str(fn, a, 2);
    String close = Args.str(fn, a, 3);
    if (open.isEmpty() || close.isEmpty()) {
      throw new BuiltinError("`" + fn + "`: delimiters must not be empty");
    }
    StringBuilder re = new StringBuilder("^");
    int i = 0;
    while (i < template.length()) {
      int start = template.indexOf(open, i);
      if (start < 0) {
        break;
      }
      int end = template.indexOf(close, start + open.length());
      if (end < 0) {
        throw new BuiltinError("`" + fn + "`: unbalanced delimiters in template");
      }
      re.append(quoteRe2(template.substring(i, start))).append('(').append(template, start + open.length(), end).append(')');
      i = end + close.length();
    }
    re.append(quoteRe2(template.substring(i))).append('$');
    Re2.Compiled c = compile(fn, re.toString());
    try {
      return Value.bool(c.matcher(value).find());
    } catch (Re2.BudgetExceeded e) {
      throw new BuiltinError("`" + fn + "`: " + e.getMessage());
    }
  }

  /** Go's regexp.QuoteMeta. */
  static String quoteRe2(String s) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0) {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }
}
