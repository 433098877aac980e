package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * glob.match and glob.quote_meta with gobwas/glob syntax: {@code *} (no delimiter),
 * {@code **} (anything), {@code ?}, {@code [abc]}, {@code [!a-c]}, {@code {a,b}} and {@code \}
 * escapes. Delimiters default to {@code ["."]} for an empty array; {@code null} means none.
 */
final class Glob {
  private static final int CACHE_CAP = 1024;
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Glob() {}

  static void register(Registry r) {
    r.add("glob.match", 3, (a, c) -> {
      String pattern = Args.str("glob.match", a, 0);
      String value = Args.str("glob.match", a, 2);
      String delims = delimiters(a[1]);
      return Value.bool(compile(pattern, delims).matcher(value).matches());
    });
    r.add("glob.quote_meta", 1, (a, c) -> {
      String s = Args.str("glob.quote_meta", a, 0);
      StringBuilder sb = new StringBuilder();
      for (char ch : s.toCharArray()) {
        if ("*?\\[]{}".indexOf(ch) >= 0) {
          sb.append('\\');
        }
        sb.append(ch);
      }
      return Value.str(sb.toString());
    });
  }

  private static String delimiters(Value v) throws BuiltinError {
    if (v instanceof Value.Null) {
      return "";
    }
    if (!(v instanceof Value.Arr)) {
      throw new BuiltinError("`glob.match` requires string array");
    }
    List<String> ds = Args.strings("glob.match", new Value[] {v}, 0);
    StringBuilder sb = new StringBuilder();
    for (String d : ds) {
      if (d.codePointCount(0, d.length()) != 1) {
        throw new BuiltinError("`glob.match`: delimiters must be single character");
      }
      sb.append(d);
    }
    return sb.isEmpty() ? "." : sb.toString();
  }

  static Pattern compile(String glob, String delims) throws BuiltinError {
    String key = delims + "\u0000" + glob;
    Pattern p = CACHE.get(key);
    if (p != null) {
      return p;
    }
    if (glob.length() > Re2.MAX_PATTERN) {
      throw new BuiltinError("`glob.match`: pattern too long");
    }
    int[] pos = {0};
    String re = sequence(glob, pos, delims, false);
    if (pos[0] != glob.length()) {
      throw new BuiltinError("`glob.match`: invalid glob `" + glob + "`");
    }
    try {
      p = Pattern.compile(re, Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new BuiltinError("`glob.match`: invalid glob `" + glob + "`: " + e.getDescription());
    }
    if (CACHE.size() >= CACHE_CAP) {
      CACHE.clear();
    }
    CACHE.put(key, p);
    return p;
  }

  private static String notDelim(String delims) {
    if (delims.isEmpty()) {
      return ".";
    }
    StringBuilder sb = new StringBuilder("[^");
    delims.chars().forEach(ch -> classChar(sb, (char) ch));
    return sb.append(']').toString();
  }

  /** Translates until end of input, or (inside braces) an unescaped ',' or '}'. */
  private static String sequence(String g, int[] pos, String delims, boolean inBraces) throws BuiltinError {
    StringBuilder re = new StringBuilder();
    while (pos[0] < g.length()) {
      char ch = g.charAt(pos[0]);
      if (inBraces && (ch == ',' || ch == '}')) {
        return re.toString();
      }
      pos[0]++;
      switch (ch) {
        case '*' -> {
          if (pos[0] < g.length() && g.charAt(pos[0]) == '*') {
            pos[0]++;
            re.append(".*");
          } else {
            re.append(notDelim(delims)).append('*');
          }
        }
        case '?' -> re.append(notDelim(delims));
        case '[' -> re.append(charClass(g, pos));
        case '{' -> re.append(alternatives(g, pos, delims));
        case '\\' -> {
          if (pos[0] >= g.length()) {
            throw new BuiltinError("`glob.match`: invalid glob: trailing backslash");
          }
          re.append(Pattern.quote(String.valueOf(g.charAt(pos[0]++))));
        }
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    if (inBraces) {
      throw new BuiltinError("`glob.match`: invalid glob: unclosed '{'");
    }
    return re.toString();
  }

  private static String alternatives(String g, int[] pos, String delims) throws BuiltinError {
    StringBuilder re = new StringBuilder("(?:");
    while (true) {
      re.append(sequence(g, pos, delims, true));
      char ch = g.charAt(pos[0]++);
      if (ch == '}') {
        return re.append(')').toString();
      }
      re.append('|');
    }
  }

  private static void classChar(StringBuilder sb, char ch) {
    if (!Character.isLetterOrDigit(ch)) {
      sb.append('\\');
    }
    sb.append(ch);
  }

  private static String charClass(String g, int[] pos) throws BuiltinError {
    StringBuilder re = new StringBuilder("[");
    if (pos[0] < g.length() && g.charAt(pos[0]) == '!') {
      re.append('^');
      pos[0]++;
    }
    boolean empty = true;
    while (pos[0] < g.length()) {
      char ch = g.charAt(pos[0]++);
      if (ch == ']' && !empty) {
        return re.append(']').toString();
      }
      empty = false;
      if (ch == '-' && re.length() > 1 && pos[0] < g.length() && g.charAt(pos[0]) != ']') {
        if (g.charAt(pos[0]) < g.charAt(pos[0] - 2)) {
          throw new BuiltinError("`glob.match`: invalid glob: range out of order");
        }
        re.append('-');
      } else {
        classChar(re, ch);
      }
    }
    throw new BuiltinError("`glob.match`: invalid glob: unclosed '['");
  }
}
