package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** object.* builtins. */
final class ObjectBuiltins {
  private ObjectBuiltins() {}

  static void register(Registry r) {
    r.add("object.get", 3, (a, c) -> get(a));
    r.add("object.keys", 1, (a, c) -> Value.set(Args.obj("object.keys", a, 0).map().keySet()));
    r.add("object.remove", 2, (a, c) -> retain("object.remove", a, false));
    r.add("object.filter", 2, (a, c) -> retain("object.filter", a, true));
    r.add("object.union", 2, (a, c) -> union(Args.obj("object.union", a, 0), Args.obj("object.union", a, 1)));
    r.add("object.union_n", 1, (a, c) -> unionN(a));
    r.add("object.subset", 2, (a, c) -> Value.bool(subset(a[0], a[1])));
  }

  private static Value get(Value[] a) throws BuiltinError {
    Value.Obj obj = Args.obj("object.get", a, 0);
    if (!(a[1] instanceof Value.Arr path)) {
      Value v = obj.get(a[1]);
      return v == null ? a[2] : v;
    }
    Value cur = obj;
    for (Value key : path.items()) {
      cur = index(cur, key);
      if (cur == null) {
        return a[2];
      }
    }
    return cur;
  }

  /** Rego's {@code x[key]}: object member, array element, or set member; null when absent. */
  static Value index(Value container, Value key) {
    return switch (container) {
      case Value.Obj o -> o.get(key);
      case Value.Arr arr -> key instanceof Num n && n.isLong() && n.longValue() >= 0 && n.longValue() < arr.size()
          ? arr.get((int) n.longValue()) : null;
      case Value.SetV s -> s.contains(key) ? key : null;
      default -> null;
    };
  }

  private static Set<Value> keys(String fn, Value v) throws BuiltinError {
    return switch (v) {
      case Value.Arr arr -> new HashSet<>(arr.items());
      case Value.SetV s -> s.items();
      case Value.Obj o -> o.map().keySet();
      default -> throw new BuiltinError("`" + fn + "` requires array/object/set argument");
    };
  }

  private static Value retain(String fn, Value[] a, boolean keep) throws BuiltinError {
    Value.Obj obj = Args.obj(fn, a, 0);
    Set<Value> keys = keys(fn, a[1]);
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<Value, Value> e : obj.map().entrySet()) {
      if (keys.contains(e.getKey()) == keep) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Value.ownObject(out);
  }

  /** Recursive merge; on conflict the right-hand value wins unless both are objects. */
  static Value union(Value left, Value right) {
    if (!(left instanceof Value.Obj l) || !(right instanceof Value.Obj r)) {
      return right;
    }
    TreeMap<Value, Value> out = new TreeMap<>(l.map());
    for (Map.Entry<Value, Value> e : r.map().entrySet()) {
      Value mine = l.get(e.getKey());
      out.put(e.getKey(), mine == null ? e.getValue() : union(mine, e.getValue()));
    }
    return Value.ownObject(out);
  }

  private static Value unionN(Value[] a) throws BuiltinError {
    List<Value> items = Args.arr("object.union_n", a, 0).items();
    Value acc = Value.EMPTY_OBJECT;
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Value.Obj)) {
        throw new BuiltinError("`object.union_n`: item at index " + i + " is not an object");
      }
      acc = union(acc, items.get(i));
    }
    return acc;
  }

  static boolean subset(Value sup, Value sub) {
    if (sup instanceof Value.Obj o && sub instanceof Value.Obj s) {
      for (Map.Entry<Value, Value> e : s.map().entrySet()) {
        Value v = o.get(e.getKey());
        if (v == null || !subset(v, e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (sup instanceof Value.SetV o && sub instanceof Value.SetV s) {
      return o.items().containsAll(s.items());
    }
    if (sup instanceof Value.Arr o && sub instanceof Value.Arr s) {
      return java.util.Collections.indexOfSubList(o.items(), s.items()) >= 0;
    }
    if (sup instanceof Value.Arr o && sub instanceof Value.SetV s) {
      return new HashSet<>(o.items()).containsAll(s.items());
    }
    return sup.equals(sub);
  }
}
