package dev.claviger.policy.internal.builtins;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go RE2 syntax on top of {@link java.util.regex}. The translation rejects what RE2 rejects
 * (lookaround, backreferences, possessive and atomic forms), maps the constructs whose meaning
 * differs ({@code $}, {@code \s}, {@code \v}, POSIX classes, named groups, literal braces and
 * brackets), and matching runs on a step budget because java.util.regex backtracks where RE2 is
 * linear.
 */
final class Re2 {
  static final int MAX_PATTERN = 64 * 1024;
  static final int CACHE_CAP = 1024;
  private static final int MAX_REPEAT = 1000;
  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s\\x0B"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

  /** A compiled pattern plus RE2 group names (Java groups here are all unnamed). */
  record Compiled(Pattern pattern, Map<String, Integer> names) {
    Matcher matcher(CharSequence input) {
      return pattern.matcher(new Budget(input));
    }
  }

  /** RE2 syntax the translation does not accept. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown from inside the matcher when a match takes too many steps. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("regular expression match exceeded its step budget", null, false, false);
    }
  }

  /** Counts character reads so catastrophic backtracking ends in an error, not a hang. */
  private static final class Budget implements CharSequence {
    private final CharSequence s;
    private final long[] left;

    Budget(CharSequence s) {
      this(s, new long[] {50_000_000L + 500L * s.length()});
    }

    private Budget(CharSequence s, long[] left) {
      this.s = s;
      this.left = left;
    }

    @Override public int length() {
      return s.length();
    }

    @Override public char charAt(int i) {
      if (--left[0] < 0) {
        throw new BudgetExceeded();
      }
      return s.charAt(i);
    }

    @Override public CharSequence subSequence(int a, int b) {
      return new Budget(s.subSequence(a, b), left);
    }

    @Override public String toString() {
      return s.toString();
    }
  }

  private Re2() {}

  static Compiled compile(String re) throws SyntaxError {
    Compiled c = CACHE.get(re);
    if (c != null) {
      return c;
    }
    if (re.length() > MAX_PATTERN) {
      throw new SyntaxError("pattern longer than " + MAX_PATTERN);
    }
    Map<String, Integer> names = new HashMap<>();
    String java = translate(re, names);
    try {
      c = new Compiled(Pattern.compile(java, Pattern.UNIX_LINES), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new SyntaxError(e.getDescription());
    }
    if (CACHE.size() >= CACHE_CAP) {
      CACHE.clear();
    }
    CACHE.put(re, c);
    return c;
  }

  static String translate(String re, Map<String, Integer> names) throws SyntaxError {
    boolean multiline = re.matches("(?s).*\\(\\?[imsU]*m[imsU-]*[:)].*");
    StringBuilder out = new StringBuilder(re.length() + 16);
    int groups = 0;
    boolean lastWasQuantifier = false;
    int i = 0;
    while (i < re.length()) {
      char ch = re.charAt(i);
      boolean quantifier = false;
      switch (ch) {
        case '\\' -> i = escape(re, i, out, false);
        case '[' -> i = charClass(re, i, out);
        case '(' -> {
          int before = out.length();
          if (re.startsWith("(?", i)) {
            i = groupPrefix(re, i, out, names, groups);
          } else {
            out.append('(');
            i++;
          }
          // Capturing groups (plain or named) are emitted as a bare '('.
          groups += out.length() == before + 1 ? 1 : 0;
        }
        case '$' -> {
          out.append(multiline ? "$" : "\\z");
          i++;
        }
        case '{' -> {
          int end = repeat(re, i);
          if (end < 0) {
            out.append("\\{");
            i++;
          } else {
            out.append(re, i, end);
            i = end;
            quantifier = true;
          }
        }
        case '}' -> {
          out.append("\\}");
          i++;
        }
        case '*', '+', '?' -> {
          if (lastWasQuantifier && ch != '?') {
            throw new SyntaxError("invalid nested repetition operator");
          }
          out.append(ch);
          i++;
          quantifier = ch != '?' || !lastWasQuantifier;
        }
        default -> {
          out.append(ch);
          i++;
        }
      }
      lastWasQuantifier = quantifier;
    }
    return out.toString();
  }

  /** End index of a valid {n}, {n,} or {n,m} at i, or -1 when RE2 reads the brace literally. */
  private static int repeat(String re, int i) throws SyntaxError {
    Matcher m = Pattern.compile("\\{(\\d+)(,(\\d*))?\\}").matcher(re).region(i, re.length());
    if (!m.lookingAt()) {
      return -1;
    }
    if (m.group(1).length() > 4 || Integer.parseInt(m.group(1)) > MAX_REPEAT
        || (m.group(3) != null && !m.group(3).isEmpty()
            && (m.group(3).length() > 4 || Integer.parseInt(m.group(3)) > MAX_REPEAT))) {
      throw new SyntaxError("invalid repeat count");
    }
    return m.end();
  }

  private static int groupPrefix(String re, int i, StringBuilder out, Map<String, Integer> names, int groups)
      throws SyntaxError {
    String rest = re.substring(i);
    if (rest.startsWith("(?P<") || (rest.startsWith("(?<") && !rest.startsWith("(?<=") && !rest.startsWith("(?<!"))) {
      int start = rest.indexOf('<') + 1;
      int end = rest.indexOf('>');
      if (end < start) {
        throw new SyntaxError("invalid named capture");
      }
      String name = rest.substring(start, end);
      if (!name.matches("[A-Za-z0-9_]+") || names.putIfAbsent(name, groups + 1) != null) {
        throw new SyntaxError("invalid named capture");
      }
      out.append('(');
      return i + end + 1;
    }
    Matcher m = Pattern.compile("\\(\\?([imsU]*)(-[imsU]*)?([:)])").matcher(rest);
    if (!m.lookingAt() || m.group(0).equals("(?)") || m.group(0).equals("(?-)")) {
      throw new SyntaxError("invalid or unsupported Perl syntax");
    }
    if (m.group(0).indexOf('U') >= 0) {
      throw new SyntaxError("ungreedy flag is not supported");
    }
    out.append(m.group(0));
    return i + m.end();
  }

  private static int escape(String re, int i, StringBuilder out, boolean inClass) throws SyntaxError {
    if (i + 1 >= re.length()) {
      throw new SyntaxError("trailing backslash at end of expression");
    }
    char c = re.charAt(i + 1);
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7', '8', '9', 'Z', 'C', 'X', 'R', 'G', 'K', 'h', 'H', 'V', 'N', 'k' ->
          throw new SyntaxError("invalid escape sequence: \\" + c);
      case 'v' -> out.append("\\x0B");
      case 's' -> out.append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
      case 'S' -> out.append(inClass ? "\\S" : "[^\\t\\n\\f\\r ]");
      case 'Q' -> {
        int end = re.indexOf("\\E", i + 2);
        String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
        out.append(Pattern.quote(lit));
        return end < 0 ? re.length() : end + 2;
      }
      case 'p', 'P' -> {
        return property(re, i, out);
      }
      default -> out.append('\\').append(c);
    }
    return i + 2;
  }

  private static int property(String re, int i, StringBuilder out) throws SyntaxError {
    boolean neg = re.charAt(i + 1) == 'P';
    String name;
    int next;
    if (i + 2 < re.length() && re.charAt(i + 2) == '{') {
      int end = re.indexOf('}', i + 3);
      if (end < 0) {
        throw new SyntaxError("invalid character class range");
      }
      name = re.substring(i + 3, end);
      next = end + 1;
    } else if (i + 2 < re.length()) {
      name = re.substring(i + 2, i + 3);
      next = i + 3;
    } else {
      throw new SyntaxError("invalid character class range");
    }
    if (name.startsWith("^")) {
      neg = !neg;
      name = name.substring(1);
    }
    if (name.equals("Any")) {
      out.append(neg ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
      return next;
    }
    String javaName = name.length() <= 2 ? name : "Is" + name;
    out.append(neg ? "\\P{" : "\\p{").append(javaName).append('}');
    return next;
  }

  private static int charClass(String re, int i, StringBuilder out) throws SyntaxError {
    out.append('[');
    int j = i + 1;
    if (j < re.length() && re.charAt(j) == '^') {
      out.append('^');
      j++;
    }
    boolean first = true;
    while (j < re.length()) {
      char c = re.charAt(j);
      if (c == ']' && !first) {
        out.append(']');
        return j + 1;
      }
      first = false;
      if (c == '[' && re.startsWith("[:", j)) {
        int end = re.indexOf(":]", j + 2);
        String name = end < 0 ? null : re.substring(j + 2, end);
        boolean neg = name != null && name.startsWith("^");
        String cls = name == null ? null : POSIX.get(neg ? name.substring(1) : name);
        if (cls == null) {
          throw new SyntaxError("invalid character class range");
        }
        out.append(neg ? "[^" + cls + "]" : cls);
        j = end + 2;
      } else if (c == '\\') {
        j = escape(re, j, out, true);
      } else if (c == '[' || c == '&' || c == ']') {
        out.append('\\').append(c);
        j++;
      } else {
        out.append(c);
        j++;
      }
    }
    throw new SyntaxError("missing closing ]");
  }
}
