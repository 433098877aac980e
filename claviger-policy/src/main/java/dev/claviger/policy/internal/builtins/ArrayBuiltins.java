package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;

/** array.concat, array.reverse, array.slice, array.flatten. */
final class ArrayBuiltins {
  private ArrayBuiltins() {}

  static void register(Registry r) {
    r.add("array.concat", 2, (a, c) -> {
      List<Value> x = Args.arr("array.concat", a, 0).items();
      List<Value> y = Args.arr("array.concat", a, 1).items();
      List<Value> out = new ArrayList<>(x.size() + y.size());
      out.addAll(x);
      out.addAll(y);
      return Value.ownArray(out);
    });
    r.add("array.reverse", 1, (a, c) -> {
      List<Value> out = new ArrayList<>(Args.arr("array.reverse", a, 0).items());
      java.util.Collections.reverse(out);
      return Value.ownArray(out);
    });
    r.add("array.slice", 3, (a, c) -> slice(a));
    // One level: array members contribute their elements, anything else itself (OPA 1.13).
    r.add("array.flatten", 1, (a, c) -> {
      List<Value> out = new ArrayList<>();
      for (Value v : Args.arr("array.flatten", a, 0).items()) {
        if (v instanceof Value.Arr inner) {
          out.addAll(inner.items());
        } else {
          out.add(v);
        }
      }
      return Value.ownArray(out);
    });
  }

  private static Value slice(Value[] a) throws BuiltinError {
    List<Value> items = Args.arr("array.slice", a, 0).items();
    Num start = Args.num("array.slice", a, 1);
    Num stop = Args.num("array.slice", a, 2);
    if (!start.isLong() || !stop.isLong()) {
      return null;
    }
    long from = Math.max(0, start.longValue());
    long to = Math.min(items.size(), Math.max(0, stop.longValue()));
    if (from >= to) {
      return Value.EMPTY_ARRAY;
    }
    return Value.array(items.subList((int) from, (int) to));
  }
}
