package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.Compr;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Array, set and object comprehensions. */
final class Comprehensions {
  private Comprehensions() {}

  static Value eval(TermEval ev, Compr c, Value[] f) throws PolicyException {
    switch (c.kind()) {
      case ARRAY -> {
        List<Value> out = new ArrayList<>();
        ev.body(c.body(), 0, f, () -> {
          return ev.gen(c.value(), f, v -> {
            out.add(v);
            return true;
          });
        });
        return Value.ownArray(out);
      }
      case SET -> {
        TreeSet<Value> out = new TreeSet<>();
        ev.body(c.body(), 0, f, () -> {
          return ev.gen(c.value(), f, v -> {
            out.add(v);
            return true;
          });
        });
        return Value.ownSet(out);
      }
      default -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        ev.body(c.body(), 0, f, () -> {
          return ev.gen(c.key(), f, k -> ev.gen(c.value(), f, v -> {
            Value prev = out.putIfAbsent(k, v);
            if (prev != null && !prev.equals(v)) {
              throw Ops.err("object keys must be unique: " + k, c.pos());
            }
            return true;
          }));
        });
        return Value.ownObject(out);
      }
    }
  }
}
