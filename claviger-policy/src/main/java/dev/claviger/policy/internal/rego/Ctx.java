package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The documents and caches an evaluation sees. A {@code with} modifier derives a new context
 * with replaced documents and empty caches, so memoised rule values never leak across it.
 */
final class Ctx {
  static final Value UNDEFINED = Value.str("\u0000undefined");

  Value input;
  List<Map.Entry<List<String>, Value>> dataOverrides = List.of();
  Map<String, Object> fnOverrides = Map.of();
  final Map<RuleSet, Value> cache = new IdentityHashMap<>();
  final Set<RuleSet> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  Ctx(Value input) {
    this.input = input;
  }

  Ctx derive() {
    Ctx c = new Ctx(input);
    c.dataOverrides = new ArrayList<>(dataOverrides);
    c.fnOverrides = new HashMap<>(fnOverrides);
    return c;
  }

  /** Applies one modifier; false when its value is undefined (the literal then fails). */
  boolean apply(With w, Evaluator ev, Value[] f) throws PolicyException {
    if (w.target() instanceof CallC target) {
      if (w.value() instanceof CallC repl && repl.args().length == 0 && repl.out() == null) {
        fnOverrides.put(target.callee().name(), repl.callee());
        return true;
      }
      Value v = ev.value(w.value(), f);
      if (v == null) {
        return false;
      }
      fnOverrides.put(target.callee().name(), v);
      return true;
    }
    Value v = ev.value(w.value(), f);
    if (v == null) {
      return false;
    }
    boolean isInput = w.target() instanceof InputRoot || w.target() instanceof Ref r && r.head() instanceof InputRoot;
    List<String> path = path(w.target());
    if (isInput) {
      input = path.isEmpty() ? v : setPath(input, path, 0, v);
    } else {
      dataOverrides.removeIf(e -> startsWith(e.getKey(), path));
      dataOverrides.add(Map.entry(path, v));
    }
    return true;
  }

  private static List<String> path(Term t) throws PolicyException {
    List<String> out = new ArrayList<>();
    if (t instanceof Ref r) {
      for (Term e : r.path()) {
        if (!(e instanceof Scalar s && s.value() instanceof Value.Str str)) {
          throw Ops.err("with target path must be static", t.pos());
        }
        out.add(str.value());
      }
    }
    return out;
  }

  static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /** Returns {@code doc} with {@code path} set to {@code v}, creating objects as needed. */
  static Value setPath(Value doc, List<String> path, int i, Value v) {
    if (i == path.size()) {
      return v;
    }
    TreeMap<Value, Value> m = doc instanceof Value.Obj o ? new TreeMap<>(o.map()) : new TreeMap<>();
    Value key = Value.str(path.get(i));
    m.put(key, setPath(m.get(key), path, i + 1, v));
    return Value.ownObject(m);
  }
}
