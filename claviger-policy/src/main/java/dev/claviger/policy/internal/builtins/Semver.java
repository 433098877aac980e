package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** semver.is_valid and semver.compare (Semantic Versioning 2.0.0, no "v" prefix). */
final class Semver {
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
  private static final int MAX_LENGTH = 1024;

  private Semver() {}

  static void register(Registry r) {
    r.add("semver.is_valid", 1, (a, c) -> Value.bool(parse(Args.str("semver.is_valid", a, 0)) != null));
    r.add("semver.compare", 2, (a, c) -> {
      Matcher x = parse(Args.str("semver.compare", a, 0));
      Matcher y = parse(Args.str("semver.compare", a, 1));
      if (x == null || y == null) {
        throw new BuiltinError("`semver.compare`: invalid semver `" + (x == null ? a[0] : a[1]) + "`");
      }
      return Num.of(Integer.signum(compare(x, y)));
    });
  }

  static Matcher parse(String v) {
    if (v.length() > MAX_LENGTH) {
      return null;
    }
    Matcher m = SEMVER.matcher(v);
    return m.matches() ? m : null;
  }

  static int compare(Matcher x, Matcher y) {
    for (int g = 1; g <= 3; g++) {
      int r = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
      if (r != 0) {
        return r;
      }
    }
    String px = x.group(4);
    String py = y.group(4);
    if (px == null || py == null) {
      // A pre-release sorts before the release itself.
      return px == null ? (py == null ? 0 : 1) : -1;
    }
    String[] a = px.split("\\.");
    String[] b = py.split("\\.");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int r = identifier(a[i], b[i]);
      if (r != 0) {
        return r;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static int identifier(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
