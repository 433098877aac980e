package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Argument checks shared by the builtin families. Messages follow regorus' wording so that
 * conformance cases matching on error text pass.
 */
final class Args {
  private Args() {}

  static BuiltinError typeError(String fn, String what, Value got) {
    return new BuiltinError("`" + fn + "` expects " + what + " argument. Got `" + got + "` instead");
  }

  static String str(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.Str s) {
      return s.value();
    }
    throw typeError(fn, "string", a[i]);
  }

  static Num num(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Num n) {
      return n;
    }
    throw typeError(fn, "numeric", a[i]);
  }

  static Value.Arr arr(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.Arr v) {
      return v;
    }
    throw typeError(fn, "array", a[i]);
  }

  static Value.Obj obj(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.Obj v) {
      return v;
    }
    throw typeError(fn, "object", a[i]);
  }

  static Value.SetV set(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.SetV v) {
      return v;
    }
    throw typeError(fn, "set", a[i]);
  }

  static boolean bool(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.Bool b) {
      return b.value();
    }
    throw typeError(fn, "boolean", a[i]);
  }

  /** An integer argument that fits a long; a non-integer is an error. */
  static long integer(String fn, Value[] a, int i) throws BuiltinError {
    Num n = num(fn, a, i);
    if (!n.isInteger()) {
      throw new BuiltinError("`" + fn + "` expects integer arguments. Got `" + n + "`");
    }
    if (!n.isLong()) {
      throw new BuiltinError("`" + fn + "` integer argument out of range: `" + n + "`");
    }
    return n.longValue();
  }

  /** The members of an array or set, in order. */
  static List<Value> members(String fn, Value[] a, int i, String what) throws BuiltinError {
    return switch (a[i]) {
      case Value.Arr v -> v.items();
      case Value.SetV v -> List.copyOf(v.items());
      default -> throw new BuiltinError("`" + fn + "` expects " + what + ". Got `" + a[i] + "` instead");
    };
  }

  /** Strings of an array or set of strings. */
  static List<String> strings(String fn, Value[] a, int i) throws BuiltinError {
    List<Value> items = switch (a[i]) {
      case Value.Arr v -> v.items();
      case Value.SetV v -> List.copyOf(v.items());
      default -> throw new BuiltinError("`" + fn + "` expects array/set of strings.");
    };
    List<String> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      if (!(items.get(k) instanceof Value.Str s)) {
        throw new BuiltinError("`" + fn + "` expects string collection. Element " + k + " is not a string.");
      }
      out.add(s.value());
    }
    return out;
  }

  /** A string, or an array/set of strings, as a list. */
  static List<String> stringOrStrings(String fn, Value[] a, int i) throws BuiltinError {
    if (a[i] instanceof Value.Str s) {
      return List.of(s.value());
    }
    if (a[i] instanceof Value.Arr || a[i] instanceof Value.SetV) {
      return strings(fn, a, i);
    }
    throw new BuiltinError("`" + fn + "` expects string/array[string]/set[string] argument.");
  }

  static Value.Str s(String v) {
    return new Value.Str(v);
  }

  static List<Value> strValues(List<String> items) {
    List<Value> out = new ArrayList<>(items.size());
    for (String x : items) {
      out.add(new Value.Str(x));
    }
    return out;
  }
}
