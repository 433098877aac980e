package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;

/** Deprecated builtins kept for Rego v0 policies: any, all, set_diff (cast_*, re_match and net.cidr_overlap live with their families). */
final class Deprecated {
  private Deprecated() {}

  static void register(Registry r) {
    r.deprecated("any", 1, (a, c) -> {
      for (Value v : Args.members("any", a, 0, "array/set argument")) {
        if (Value.TRUE.equals(v)) {
          return Value.TRUE;
        }
      }
      return Value.FALSE;
    });
    r.deprecated("all", 1, (a, c) -> {
      for (Value v : Args.members("all", a, 0, "array/set argument")) {
        if (!Value.TRUE.equals(v)) {
          return Value.FALSE;
        }
      }
      return Value.TRUE;
    });
    r.deprecated("set_diff", 2, (a, c) -> {
      Args.set("set_diff", a, 0);
      Args.set("set_diff", a, 1);
      return Operators.minus(a[0], a[1]);
    });
  }
}
