package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * regex.globs_match: whether two restricted regexes (literals, {@code .}, {@code [a-z]} sets,
 * {@code \} escapes, {@code *} and {@code +} on the previous token) share a matching string.
 * Decided by a breadth-first search over the product of their position automata.
 */
final class GlobsMatch {
  private static final int MAX_TOKENS = 4096;

  /** A character class as inclusive code-point ranges; {@code any} for '.'; {@code star} for zero-or-more. */
  private record Token(boolean any, int[] ranges, boolean star) {
    boolean overlaps(Token o) {
      if (any || o.any) {
        return true;
      }
      for (int i = 0; i < ranges.length; i += 2) {
        for (int j = 0; j < o.ranges.length; j += 2) {
          if (ranges[i] <= o.ranges[j + 1] && o.ranges[j] <= ranges[i + 1]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private GlobsMatch() {}

  static void register(Registry r) {
    r.add("regex.globs_match", 2, (a, c) -> Value.bool(intersects(
        tokens(Args.str("regex.globs_match", a, 0)), tokens(Args.str("regex.globs_match", a, 1)))));
  }

  static List<Token> tokens(String glob) throws BuiltinError {
    int[] cps = glob.codePoints().toArray();
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < cps.length) {
      int c = cps[i++];
      Token t;
      if (c == '*' || c == '+') {
        throw invalid(glob, "flag '" + (char) c + "' must be preceded by a non-flag");
      } else if (c == '\\') {
        if (i >= cps.length) {
          throw invalid(glob, "input ends with a \\ (escape) character");
        }
        t = literal(cps[i++]);
      } else if (c == '.') {
        t = new Token(true, new int[0], false);
      } else if (c == '[') {
        int[] end = {i};
        t = new Token(false, set(glob, cps, end), false);
        i = end[0];
      } else if (c == ']') {
        throw invalid(glob, "set-close ']' with no preceding '['");
      } else {
        t = literal(c);
      }
      boolean plus = i < cps.length && cps[i] == '+';
      boolean star = i < cps.length && cps[i] == '*';
      if (plus || star) {
        i++;
      }
      // t+ is t followed by t*.
      if (!star) {
        out.add(t);
      }
      if (plus || star) {
        out.add(new Token(t.any(), t.ranges(), true));
      }
      if (out.size() > MAX_TOKENS) {
        throw invalid(glob, "pattern too long");
      }
    }
    return out;
  }

  private static Token literal(int c) {
    return new Token(false, new int[] {c, c}, false);
  }

  private static int[] set(String glob, int[] cps, int[] pos) throws BuiltinError {
    List<Integer> ranges = new ArrayList<>();
    int i = pos[0];
    Integer prev = null;
    while (i < cps.length) {
      int c = cps[i++];
      boolean escaped = c == '\\';
      if (escaped) {
        if (i >= cps.length) {
          throw invalid(glob, "input ends with a \\ (escape) character");
        }
        c = cps[i++];
      }
      if (!escaped && c == ']') {
        pos[0] = i;
        return ranges.stream().mapToInt(Integer::intValue).toArray();
      }
      if (!escaped && c == '-') {
        if (prev == null || i >= cps.length || cps[i] == ']' || cps[i] == '-') {
          throw invalid(glob, "invalid range in set");
        }
        int hi = cps[i] == '\\' && i + 1 < cps.length ? cps[(i += 2) - 1] : cps[i++];
        if (hi < prev) {
          throw invalid(glob, "range is out of order");
        }
        ranges.set(ranges.size() - 1, hi);
        prev = null;
        continue;
      }
      ranges.add(c);
      ranges.add(c);
      prev = c;
    }
    throw invalid(glob, "found [ without matching ]");
  }

  private static BuiltinError invalid(String glob, String why) {
    return new BuiltinError("`regex.globs_match`: invalid glob `" + glob + "`: " + why);
  }

  static boolean intersects(List<Token> a, List<Token> b) {
    int n = a.size() + 1;
    int m = b.size() + 1;
    boolean[] seen = new boolean[n * m];
    Deque<int[]> todo = new ArrayDeque<>();
    todo.add(new int[] {0, 0});
    seen[0] = true;
    while (!todo.isEmpty()) {
      int[] s = todo.poll();
      int i = s[0];
      int j = s[1];
      if (i == a.size() && j == b.size()) {
        return true;
      }
      if (i < a.size() && a.get(i).star()) {
        visit(seen, todo, i + 1, j, m);
      }
      if (j < b.size() && b.get(j).star()) {
        visit(seen, todo, i, j + 1, m);
      }
      if (i < a.size() && j < b.size() && a.get(i).overlaps(b.get(j))) {
        visit(seen, todo, a.get(i).star() ? i : i + 1, b.get(j).star() ? j : j + 1, m);
      }
    }
    return false;
  }

  private static void visit(boolean[] seen, Deque<int[]> todo, int i, int j, int m) {
    if (!seen[i * m + j]) {
      seen[i * m + j] = true;
      todo.add(new int[] {i, j});
    }
  }
}
