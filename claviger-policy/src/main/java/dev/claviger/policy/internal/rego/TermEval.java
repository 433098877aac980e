package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.PrintSink;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Term evaluation: the single value of a term ({@link #value}) or each of its values when
 * references iterate ({@link #gen}); bodies and unification are supplied by {@link Evaluator}.
 */
abstract class TermEval {
  final Core core;
  final EvalState st;
  Ctx ctx;

  TermEval(Core core, EvalState st, Ctx ctx) {
    this.core = core;
    this.st = st;
    this.ctx = ctx;
  }

  abstract boolean body(Body b, int start, Value[] f, K k) throws PolicyException;

  abstract boolean unify(Term pattern, Value v, Value[] f, K k) throws PolicyException;

  abstract boolean unifyTerms(Term l, Term r, Value[] f, K k) throws PolicyException;

  interface K {
    boolean run() throws PolicyException;
  }

  interface VK {
    boolean accept(Value v) throws PolicyException;
  }

  interface KV {
    boolean accept(Value k, Value v) throws PolicyException;
  }

  static boolean members(Value coll, KV k) throws PolicyException {
    if (coll instanceof Value.Arr a) {
      List<Value> items = a.items();
      for (int i = 0; i < items.size(); i++) {
        if (!k.accept(Value.num(i), items.get(i))) {
          return false;
        }
      }
    } else if (coll instanceof Value.Obj o) {
      for (var e : o.map().entrySet()) {
        if (!k.accept(e.getKey(), e.getValue())) {
          return false;
        }
      }
    } else if (coll instanceof Value.SetV s) {
      for (Value v : s.items()) {
        if (!k.accept(v, v)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Delivers each value of the term; {@code gen} false means the term cannot iterate. */
  final boolean eachValue(Term t, Value[] f, boolean gen, VK k) throws PolicyException {
    if (!gen) {
      Value v = value(t, f);
      return v == null || k.accept(v);
    }
    return gen(t, f, k);
  }

  final boolean gen(Term t, Value[] f, VK k) throws PolicyException {
    if (t instanceof RuleRef rr) {
      if (!fastRules()) {
        return gen(rr.original(), f, k);
      }
      Value v = Rules.value(this, rr.rules());
      return v == null || walk(v, rr.rest(), 0, f, k);
    }
    if (t instanceof Ref r) {
      if (r.head() instanceof DataRoot) {
        return new DataTree(this).ref(r.path(), f, k);
      }
      return gen(r.head(), f, h -> walk(h, r.path(), 0, f, k));
    }
    if (t instanceof CallC c) {
      if (c.callee() instanceof Program.Special sp && sp.name().equals("walk")) {
        return gen(c.args()[0], f, x -> Walk.walk(x, (path, v) -> {
          Value pair = Value.array(path, v);
          return c.out() != null ? unify(c.out(), pair, f, () -> k.accept(Value.TRUE)) : k.accept(pair);
        }));
      }
      if (c.callee() instanceof Program.Special sp && sp.isPrint()) {
        return k.accept(Calls.print(this, c, f));
      }
      Value[] acc = new Value[c.args().length];
      return product(c.args(), 0, acc, f, () -> {
        Value r = Calls.call(this, c, acc.clone());
        if (r == null) {
          return true;
        }
        return c.out() != null ? unify(c.out(), r, f, () -> k.accept(Value.TRUE)) : k.accept(r);
      });
    }
    if (t instanceof Bin b) {
      return gen(b.left(), f, l -> gen(b.right(), f, r -> k.accept(Ops.binary(b.op(), l, r, b.pos()))));
    }
    if (t instanceof Member m) {
      if (m.key() == null) {
        return gen(m.value(), f, v -> gen(m.coll(), f, c -> k.accept(Ops.member(null, v, c))));
      }
      return gen(m.key(), f, key -> gen(m.value(), f, v -> gen(m.coll(), f, c -> k.accept(Ops.member(key, v, c)))));
    }
    if (t instanceof ArrayLit a) {
      Value[] acc = new Value[a.items().length];
      return product(a.items(), 0, acc, f, () -> k.accept(Value.ownArray(new ArrayList<>(List.of(acc)))));
    }
    if (t instanceof ObjectLit o) {
      Value[] keys = new Value[o.keys().length];
      return product(o.keys(), 0, keys, f, () -> {
        Value[] vals = new Value[o.values().length];
        return product(o.values(), 0, vals, f, () -> k.accept(object(keys, vals)));
      });
    }
    if (t instanceof SetLit s) {
      Value[] acc = new Value[s.items().length];
      return product(s.items(), 0, acc, f, () -> k.accept(Value.ownSet(new TreeSet<>(List.of(acc)))));
    }
    if (t instanceof Neg n) {
      return gen(n.operand(), f, v -> k.accept(Ops.negate(v, n.pos())));
    }
    if (t instanceof Assign a) {
      return gen(a.rhs(), f, v -> unify(a.lhs(), v, f, () -> k.accept(Value.TRUE)));
    }
    if (t instanceof Unify u) {
      return unifyTerms(u.lhs(), u.rhs(), f, () -> k.accept(Value.TRUE));
    }
      Value v = value(t, f);
      return v == null || k.accept(v);
  }

  private boolean product(Term[] items, int i, Value[] acc, Value[] f, K k) throws PolicyException {
    if (i == items.length) {
      return k.run();
    }
    return gen(items[i], f, v -> {
      acc[i] = v;
      return product(items, i + 1, acc, f, k);
    });
  }

  private static Value object(Value[] keys, Value[] vals) {
    TreeMap<Value, Value> m = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], vals[i]);
    }
    return Value.ownObject(m);
  }

  /** Walks a reference path from a value; unbound variables iterate. */
  final boolean walk(Value cur, Term[] path, int i, Value[] f, VK k) throws PolicyException {
    if (i == path.length) {
      return k.accept(cur);
    }
    Term e = path[i];
    if (e instanceof Local l && f[l.slot()] == null) {
      return members(cur, (key, v) -> {
        f[l.slot()] = key;
        try {
          return walk(v, path, i + 1, f, k);
        } finally {
          f[l.slot()] = null;
        }
      });
    }
    return gen(e, f, key -> {
      Value next = Ops.lookup(cur, key);
      return next == null || walk(next, path, i + 1, f, k);
    });
  }

  /** Rule references may skip the data tree: no base document and no {@code with data}. */
  private boolean fastRules() {
    return ctx.dataOverrides.isEmpty() && !core.baseShadowsRules();
  }

  /** The single value of a term that cannot iterate, or null when undefined. */
  final Value value(Term t, Value[] f) throws PolicyException {
    // Small on purpose so the JIT inlines it: most terms are variables and constants.
    if (t instanceof Local l) {
      Value v = f[l.slot()];
      return v != null ? v : unsafe(l);
    }
    if (t instanceof Scalar s) {
      return s.value();
    }
    return compound(t, f);
  }

  private static Value unsafe(Local l) throws PolicyException {
    throw Ops.err("var " + l.name() + " is unsafe", l.pos());
  }

  private Value compound(Term t, Value[] f) throws PolicyException {
    if (t instanceof RuleRef rr) {
      if (!fastRules()) {
        return value(rr.original(), f);
      }
      Value v = Rules.value(this, rr.rules());
      for (Term e : rr.rest()) {
        if (v == null) {
          return null;
        }
        Value key = value(e, f);
        v = key == null ? null : Ops.lookup(v, key);
      }
      return v;
    }
    if (t instanceof Ref r && !(r.head() instanceof DataRoot)) {
      Value v = value(r.head(), f);
      for (Term e : r.path()) {
        if (v == null) {
          return null;
        }
        Value key = value(e, f);
        v = key == null ? null : Ops.lookup(v, key);
      }
      return v;
    }
    if (t instanceof Ref r) {
      Value[] out = {null};
      gen(r, f, v -> {
        out[0] = v;
        return false;
      });
      return out[0];
    }
    if (t instanceof CallC c) {
      if (c.callee() instanceof Program.Special sp && sp.isPrint()) {
        return Calls.print(this, c, f);
      }
      if (c.out() != null || c.callee() instanceof Program.Special sp && sp.name().equals("walk")) {
        Value[] out = {null};
        gen(c, f, v -> {
          out[0] = v;
          return false;
        });
        return out[0];
      }
      Value[] args = new Value[c.args().length];
      for (int i = 0; i < args.length; i++) {
        args[i] = value(c.args()[i], f);
        if (args[i] == null) {
          return null;
        }
      }
      return Calls.call(this, c, args);
    }
    if (t instanceof Bin b) {
      Value l = value(b.left(), f);
      if (l == null) {
        return null;
      }
      Value r = value(b.right(), f);
      return r == null ? null : Ops.binary(b.op(), l, r, b.pos());
    }
    if (t instanceof Member m) {
      Value key = m.key() == null ? null : value(m.key(), f);
      if (m.key() != null && key == null) {
        return null;
      }
      Value v = value(m.value(), f);
      Value c = v == null ? null : value(m.coll(), f);
      return c == null ? null : Ops.member(key, v, c);
    }
    if (t instanceof InputRoot r) {
      return ctx.input;
    }
    if (t instanceof ArrayLit a) {
      List<Value> items = new ArrayList<>(a.items().length);
      for (Term i : a.items()) {
        Value v = value(i, f);
        if (v == null) {
          return null;
        }
        items.add(v);
      }
      return Value.ownArray(items);
    }
    if (t instanceof ObjectLit o) {
      TreeMap<Value, Value> m = new TreeMap<>();
      for (int i = 0; i < o.keys().length; i++) {
        Value key = value(o.keys()[i], f);
        Value v = value(o.values()[i], f);
        if (key == null || v == null) {
          return null;
        }
        m.put(key, v);
      }
      return Value.ownObject(m);
    }
    if (t instanceof SetLit s) {
      TreeSet<Value> items = new TreeSet<>();
      for (Term i : s.items()) {
        Value v = value(i, f);
        if (v == null) {
          return null;
        }
        items.add(v);
      }
      return Value.ownSet(items);
    }
    if (t instanceof Compr c) {
      return Comprehensions.eval(this, c, f);
    }
    if (t instanceof Neg n) {
      Value v = value(n.operand(), f);
      return v == null ? null : Ops.negate(v, n.pos());
    }
    if (t instanceof DataRoot r) {
      return new DataTree(this).root();
    }
      Value[] out = {null};
      gen(t, f, v -> {
        out[0] = v;
        return false;
      });
      return out[0];
  }
}
