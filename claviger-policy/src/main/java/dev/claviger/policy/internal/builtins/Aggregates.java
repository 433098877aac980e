package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** count, sum, product, max, min, sort. */
final class Aggregates {
  private Aggregates() {}

  static void register(Registry r) {
    r.add("count", 1, (a, c) -> count(a));
    r.add("sum", 1, (a, c) -> fold("sum", a, Num.of(0), true));
    r.add("product", 1, (a, c) -> fold("product", a, Num.of(1), false));
    r.add("max", 1, (a, c) -> extreme("max", a, true));
    r.add("min", 1, (a, c) -> extreme("min", a, false));
    r.add("sort", 1, (a, c) -> sort(a));
  }

  private static Value count(Value[] a) throws BuiltinError {
    return switch (a[0]) {
      case Value.Arr v -> Num.of(v.size());
      case Value.SetV v -> Num.of(v.size());
      case Value.Obj v -> Num.of(v.size());
      // UTF-16 units, as regorus counts (equal to OPA's rune count outside the astral planes).
      case Value.Str v -> Num.of(v.value().length());
      default -> throw new BuiltinError("`count` requires array/object/set/string argument. Got `" + a[0] + "`.");
    };
  }

  private static List<Value> collection(String fn, Value v) throws BuiltinError {
    return switch (v) {
      case Value.Arr x -> x.items();
      case Value.SetV x -> List.copyOf(x.items());
      default -> throw new BuiltinError("`" + fn + "` requires array/set argument. Got `" + v + "`.");
    };
  }

  private static Value fold(String fn, Value[] a, Num start, boolean add) throws BuiltinError {
    Num acc = start;
    for (Value v : collection(fn, a[0])) {
      if (!(v instanceof Num n)) {
        throw Args.typeError(fn, "numeric", v);
      }
      try {
        acc = add ? acc.add(n) : acc.multiply(n);
      } catch (ArithmeticException e) {
        throw new BuiltinError("`" + fn + "`: result out of range");
      }
    }
    return acc;
  }

  private static Value extreme(String fn, Value[] a, boolean max) throws BuiltinError {
    List<Value> items = collection(fn, a[0]);
    if (items.isEmpty()) {
      return null;
    }
    return max ? Collections.max(items) : Collections.min(items);
  }

  private static Value sort(Value[] a) throws BuiltinError {
    List<Value> items = new ArrayList<>(collection("sort", a[0]));
    Collections.sort(items);
    return Value.ownArray(items);
  }
}
