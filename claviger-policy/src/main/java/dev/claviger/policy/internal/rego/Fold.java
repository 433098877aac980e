package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds composite literals whose members are all constants into one constant, so large data
 * literals (Kata's {@code policy_data}) are built once at compile time rather than per query.
 */
final class Fold {
  private Fold() {}

  static Term array(ArrayLit a) {
    List<Value> items = new ArrayList<>(a.items().length);
    for (Term t : a.items()) {
      if (!(t instanceof Scalar s)) {
        return a;
      }
      items.add(s.value());
    }
    return new Scalar(Value.ownArray(items), a.pos());
  }

  static Term set(SetLit a) {
    TreeSet<Value> items = new TreeSet<>();
    for (Term t : a.items()) {
      if (!(t instanceof Scalar s)) {
        return a;
      }
      items.add(s.value());
    }
    return new Scalar(Value.ownSet(items), a.pos());
  }

  static Term object(ObjectLit o) {
    TreeMap<Value, Value> m = new TreeMap<>();
    for (int i = 0; i < o.keys().length; i++) {
      if (!(o.keys()[i] instanceof Scalar k) || !(o.values()[i] instanceof Scalar v)) {
        return o;
      }
      m.put(k.value(), v.value());
    }
    return new Scalar(Value.ownObject(m), o.pos());
  }
}
