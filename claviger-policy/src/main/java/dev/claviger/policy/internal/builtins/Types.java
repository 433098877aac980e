package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.function.Predicate;

/** is_* and type_name. */
final class Types {
  private Types() {}

  static void register(Registry r) {
    is(r, "is_array", v -> v instanceof Value.Arr);
    is(r, "is_boolean", v -> v instanceof Value.Bool);
    is(r, "is_null", v -> v instanceof Value.Null);
    is(r, "is_number", v -> v instanceof Num);
    is(r, "is_object", v -> v instanceof Value.Obj);
    is(r, "is_set", v -> v instanceof Value.SetV);
    is(r, "is_string", v -> v instanceof Value.Str);
    r.add("type_name", 1, (a, c) -> Value.str(a[0].typeName()));
  }

  private static void is(Registry r, String name, Predicate<Value> p) {
    r.add(name, 1, (a, c) -> Value.bool(p.test(a[0])));
  }
}
