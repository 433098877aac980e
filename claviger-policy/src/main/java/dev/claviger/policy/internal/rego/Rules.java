package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.CElse;
import dev.claviger.policy.internal.rego.Program.CRule;
import dev.claviger.policy.internal.rego.Program.Kind;
import dev.claviger.policy.internal.rego.Program.RuleSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Values of rules (memoised per context) and calls of user functions. */
final class Rules {
  private Rules() {}

  static Value value(TermEval ev, RuleSet rs) throws PolicyException {
    Ctx ctx = ev.ctx;
    Value cached = ctx.cache.get(rs);
    if (cached != null) {
      return cached == Ctx.UNDEFINED ? null : cached;
    }
    if (!ctx.inProgress.add(rs)) {
      throw Ops.err("recursion detected evaluating " + rs, rs.pos);
    }
    ev.st.enter(rs.pos);
    Value v;
    try {
      v = rs.kind == Kind.COMPLETE ? complete(ev, rs) : partial(ev, rs);
    } finally {
      ev.st.exit();
      ctx.inProgress.remove(rs);
    }
    ctx.cache.put(rs, v == null ? Ctx.UNDEFINED : v);
    return v;
  }

  private static Value complete(TermEval ev, RuleSet rs) throws PolicyException {
    Value result = null;
    for (CRule r : rs.defs) {
      Value v = chain(ev, r, new Value[r.slots], true);
      if (v != null) {
        if (result != null && !result.equals(v)) {
          throw Ops.err("complete rules should not produce multiple outputs", r.pos);
        }
        result = v;
      }
    }
    if (result == null && rs.defaultValue != null) {
      result = ev.value(rs.defaultValue, new Value[rs.defaultSlots]);
    }
    return result;
  }

  /**
   * Evaluates a definition and its else chain. Rules with a constant output stop at the first
   * solution (as regorus does); others check that all solutions agree.
   */
  private static Value chain(TermEval ev, CRule r, Value[] f, boolean isRule) throws PolicyException {
    Value v = one(ev, r.body, r.value, f, isRule && r.constOutput, r.pos, isRule);
    for (int i = 0; v == null && i < r.elses.size(); i++) {
      CElse e = r.elses.get(i);
      v = one(ev, e.body(), e.value(), f, isRule && (e.value() == null || e.value() instanceof Scalar), e.pos(), isRule);
    }
    return v;
  }

  private static Value one(TermEval ev, Body body, Term valueTerm, Value[] f, boolean early, Pos pos, boolean isRule)
      throws PolicyException {
    Value[] out = {null};
    ev.body(body, 0, f, () -> {
      if (valueTerm == null) {
        out[0] = Value.TRUE;
        return !early;
      }
      return ev.gen(valueTerm, f, v -> {
        if (out[0] == null) {
          out[0] = v;
        } else if (!out[0].equals(v)) {
          throw Ops.err(isRule ? "complete rules should not produce multiple outputs"
              : "functions must not produce multiple outputs for same inputs", pos);
        }
        return !early;
      });
    });
    return out[0];
  }

  private static Value partial(TermEval ev, RuleSet rs) throws PolicyException {
    boolean set = rs.kind == Kind.SET;
    TreeSet<Value> flat = new TreeSet<>();
    TreeMap<Value, Object> tree = new TreeMap<>();
    boolean flatSet = set && rs.defs.stream().allMatch(d -> d.keys.length == 0);
    for (CRule r : rs.defs) {
      Value[] f = new Value[r.slots];
      boolean early = r.constOutput;
      ev.body(r.body, 0, f, () -> {
        Value[] keys = new Value[r.keys.length];
        Term leafTerm = set ? r.element : r.value;
        return headKeys(ev, r.keys, 0, keys, f, () -> leafTerm == null ? emit(tree, flat, flatSet, keys, Value.TRUE, set, r, early)
            : ev.gen(leafTerm, f, leaf -> emit(tree, flat, flatSet, keys, leaf, set, r, early)));
      });
    }
    for (Program.KeyDefault d : rs.keyDefaults) {
      Value[] f = new Value[d.slots()];
      Value[] keys = new Value[d.keys().length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = ev.value(d.keys()[i], f);
      }
      if (!has(tree, keys, 0)) {
        insert(tree, keys, 0, ev.value(d.value(), f), false, rs.pos);
      }
    }
    return flatSet ? Value.ownSet(flat) : freeze(tree);
  }

  @SuppressWarnings("unchecked")
  private static void insert(TreeMap<Value, Object> m, Value[] keys, int i, Value leaf, boolean set, Pos pos)
      throws PolicyException {
    if (set && i == keys.length - 1 || !set && i == keys.length - 1) {
      Object prev = m.get(keys[i]);
      if (set) {
        if (prev == null) {
          prev = new TreeSet<Value>();
          m.put(keys[i], prev);
        }
        if (!(prev instanceof TreeSet)) {
          throw Ops.err("rule produces conflicting values at key " + keys[i], pos);
        }
        ((TreeSet<Value>) prev).add(leaf);
        return;
      }
      if (prev == null) {
        m.put(keys[i], leaf);
      } else if (!(prev instanceof Value pv) || !pv.equals(leaf)) {
        throw Ops.err("object keys must be unique: rule produces conflicting values for key " + keys[i], pos);
      }
      return;
    }
    Object next = m.get(keys[i]);
    if (next == null) {
      next = new TreeMap<Value, Object>();
      m.put(keys[i], next);
    }
    if (!(next instanceof TreeMap)) {
      throw Ops.err("rule produces conflicting values at key " + keys[i], pos);
    }
    insert((TreeMap<Value, Object>) next, keys, i + 1, leaf, set, pos);
  }

  private static boolean headKeys(TermEval ev, Term[] terms, int i, Value[] keys, Value[] f, TermEval.K k)
      throws PolicyException {
    if (i == terms.length) {
      return k.run();
    }
    return ev.gen(terms[i], f, v -> {
      keys[i] = v;
      return headKeys(ev, terms, i + 1, keys, f, k);
    });
  }

  private static boolean emit(TreeMap<Value, Object> tree, TreeSet<Value> flat, boolean flatSet, Value[] keys, Value leaf,
      boolean set, CRule r, boolean early) throws PolicyException {
    if (flatSet) {
      flat.add(leaf);
    } else {
      insert(tree, keys, 0, leaf, set, r.pos);
    }
    return !early;
  }

  @SuppressWarnings("unchecked")
  private static boolean has(TreeMap<Value, Object> m, Value[] keys, int i) {
    Object o = m.get(keys[i]);
    if (o == null || i == keys.length - 1) {
      return o != null;
    }
    return o instanceof TreeMap<?, ?> t && has((TreeMap<Value, Object>) t, keys, i + 1);
  }

  @SuppressWarnings("unchecked")
  private static Value freeze(TreeMap<Value, Object> m) {
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<Value, Object> e : m.entrySet()) {
      Object v = e.getValue();
      out.put(e.getKey(), v instanceof Value val ? val
          : v instanceof TreeSet<?> s ? Value.ownSet((TreeSet<Value>) s) : freeze((TreeMap<Value, Object>) v));
    }
    return Value.ownObject(out);
  }

  /** Calls a user function: every definition is tried and all defined results must agree. */
  static Value call(TermEval ev, RuleSet rs, Value[] args, Pos pos) throws PolicyException {
    ev.st.enter(pos);
    try {
      Value result = null;
      PolicyException firstError = null;
      for (CRule r : rs.defs) {
        Value[] f = new Value[r.slots];
        if (!bindArgs(ev, r.args, args, f)) {
          continue;
        }
        Value v;
        try {
          v = chain(ev, r, f, false);
        } catch (PolicyException e) {
          if (e.kind() == PolicyException.Kind.LIMIT || ev.core.strict()) {
            throw e;
          }
          if (firstError == null) {
            firstError = e;
          }
          continue;
        }
        if (v != null) {
          if (result != null && !result.equals(v)) {
            throw Ops.err("functions must not produce multiple outputs for same inputs", pos);
          }
          result = v;
        }
      }
      if (result == null && firstError != null) {
        throw firstError;
      }
      if (result == null && rs.defaultValue != null) {
        result = ev.value(rs.defaultValue, new Value[rs.defaultSlots]);
      }
      return result;
    } finally {
      ev.st.exit();
    }
  }

  private static boolean bindArgs(TermEval ev, Term[] params, Value[] args, Value[] f) throws PolicyException {
    for (int i = 0; i < params.length; i++) {
      if (!match(ev, params[i], args[i], f)) {
        return false;
      }
    }
    return true;
  }

  private static boolean match(TermEval ev, Term p, Value v, Value[] f) throws PolicyException {
    if (p instanceof Local l) {
      Value cur = f[l.slot()];
      if (cur == null) {
        f[l.slot()] = v;
        return true;
      }
      return cur.equals(v);
    }
    if (p instanceof Scalar s) {
      return s.value().equals(v);
    }
    if (p instanceof ArrayLit a) {
      if (!(v instanceof Value.Arr arr) || arr.size() != a.items().length) {
        return false;
      }
      for (int i = 0; i < a.items().length; i++) {
        if (!match(ev, a.items()[i], arr.get(i), f)) {
          return false;
        }
      }
      return true;
    }
    if (p instanceof ObjectLit o) {
      if (!(v instanceof Value.Obj obj) || obj.size() != o.keys().length) {
        return false;
      }
      for (int i = 0; i < o.keys().length; i++) {
        Value key = ev.value(o.keys()[i], f);
        Value member = key == null ? null : obj.get(key);
        if (member == null || !match(ev, o.values()[i], member, f)) {
          return false;
        }
      }
      return true;
    }
      Value pv = ev.value(p, f);
      return pv != null && pv.equals(v);
  }
}
