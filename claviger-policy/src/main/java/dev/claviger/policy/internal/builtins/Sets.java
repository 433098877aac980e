package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.util.TreeSet;

/** intersection, union (of a set of sets). */
final class Sets {
  private Sets() {}

  static void register(Registry r) {
    r.add("union", 1, (a, c) -> {
      TreeSet<Value> out = new TreeSet<>();
      for (Value v : Args.set("union", a, 0).items()) {
        out.addAll(member("union", v).items());
      }
      return Value.ownSet(out);
    });
    r.add("intersection", 1, (a, c) -> {
      TreeSet<Value> out = null;
      for (Value v : Args.set("intersection", a, 0).items()) {
        Value.SetV s = member("intersection", v);
        if (out == null) {
          out = new TreeSet<>(s.items());
        } else {
          out.retainAll(s.items());
        }
      }
      return out == null ? Value.EMPTY_SET : Value.ownSet(out);
    });
  }

  private static Value.SetV member(String fn, Value v) throws BuiltinError {
    if (v instanceof Value.SetV s) {
      return s;
    }
    throw new BuiltinError("`" + fn + "` expects set of sets. Got `" + v + "` instead");
  }
}
