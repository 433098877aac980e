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
 * Backtracking evaluator for bodies and terms. Each solution is delivered to a continuation;
 * bindings live in a per-rule frame and are undone when the continuation returns. A
 * continuation returns {@code false} to stop the search early.
 */
class Evaluator {
  interface K {
    boolean run() throws PolicyException;
  }

  interface VK {
    boolean accept(Value v) throws PolicyException;
  }

  final Core core;
  final EvalState st;
  Ctx ctx;

  Evaluator(Core core, EvalState st, Ctx ctx) {
    this.core = core;
    this.st = st;
    this.ctx = ctx;
  }

  // --- bodies ------------------------------------------------------------------------------

  /** Optional capture of query expression values, by source index. */
  Body captureBody;
  Value[] captured;

  final boolean body(Body b, int start, Value[] f, K k) throws PolicyException {
    List<Lit> lits = b.lits();
    int n = lits.size();
    int i = start;
    // Deterministic literals run in this loop instead of nesting continuations, which keeps
    // the Java stack shallow on long bodies; slots bound here are released on return.
    int[] undo = null;
    int nundo = 0;
    st.step();
    try {
      while (i < n) {
        if (i != start) {
          st.step();
        }
        Lit l = lits.get(i);
        boolean gen = b.gen()[i];
        if (b != captureBody && !gen && l.withs().isEmpty()) {
          if (l instanceof SomeDecl) {
            i++;
            continue;
          }
          if (l instanceof ExprLit e) {
            Term t = e.term();
            if (e.negated()) {
              boolean[] any = {false};
              truth(t, f, false, () -> {
                any[0] = true;
                return false;
              });
              if (any[0]) {
                return true;
              }
              i++;
              continue;
            }
            if (t instanceof Assign a && a.lhs() instanceof Local loc) {
              Value v = value(a.rhs(), f);
              if (v == null) {
                return true;
              }
              Value cur = f[loc.slot()];
              if (cur == null) {
                f[loc.slot()] = v;
                if (undo == null) {
                  undo = new int[n];
                }
                undo[nundo++] = loc.slot();
              } else if (!cur.equals(v)) {
                return true;
              }
              i++;
              continue;
            }
            if (!(t instanceof Assign) && !(t instanceof Unify) && !(t instanceof CallC c && c.out() != null)) {
              if (!Ops.truthy(value(t, f))) {
                return true;
              }
              i++;
              continue;
            }
          }
        }
        return litAt(b, i, f, k);
      }
      return k.run();
    } finally {
      for (int u = 0; u < nundo; u++) {
        f[undo[u]] = null;
      }
    }
  }

  private boolean litAt(Body b, int i, Value[] f, K k) throws PolicyException {
    Lit l = b.lits().get(i);
    boolean gen = b.gen()[i];
    K next = () -> body(b, i + 1, f, k);
    if (b == captureBody && l instanceof ExprLit e) {
      int idx = b.index()[i];
      if (!e.negated() && !(e.term() instanceof Assign) && !(e.term() instanceof Unify)) {
        return withs(l, f, n -> eachValue(e.term(), f, gen, v -> {
          if (!Ops.truthy(v)) {
            return true;
          }
          Value prev = captured[idx];
          captured[idx] = v;
          try {
            return n.run();
          } finally {
            captured[idx] = prev;
          }
        }), next);
      }
      captured[idx] = Value.TRUE;
    }
    if (l.withs().isEmpty()) {
      return lit(l, gen, f, next);
    }
    return withs(l, f, n -> lit(l, gen, f, n), next);
  }

  interface LitRunner {
    boolean run(K next) throws PolicyException;
  }

  /** Evaluates a literal under its {@code with} modifiers; the continuation runs outside them. */
  private boolean withs(Lit l, Value[] f, LitRunner r, K next) throws PolicyException {
    if (l.withs().isEmpty()) {
      return r.run(next);
    }
    Ctx saved = ctx;
    Ctx nc = saved.derive();
    for (With w : l.withs()) {
      if (!nc.apply(w, this, f)) {
        return true;
      }
    }
    ctx = nc;
    try {
      return r.run(() -> {
        ctx = saved;
        try {
          return next.run();
        } finally {
          ctx = nc;
        }
      });
    } finally {
      ctx = saved;
    }
  }

  private boolean lit(Lit l, boolean gen, Value[] f, K next) throws PolicyException {
    if (l instanceof ExprLit e) {
      Term t = e.term();
      if (e.negated()) {
        boolean[] any = {false};
        truth(t, f, gen, () -> {
          any[0] = true;
          return false;
        });
        return any[0] || next.run();
      }
      return truth(t, f, gen, next);
    }
    switch (l) {
      case ExprLit e -> {
        Term t = e.term();
        if (e.negated()) {
          boolean[] any = {false};
          truth(t, f, gen, () -> {
            any[0] = true;
            return false;
          });
          return any[0] || next.run();
        }
        return truth(t, f, gen, next);
      }
      case SomeDecl d -> {
        return next.run();
      }
      case SomeIn si -> {
        return eachValue(si.coll(), f, gen, coll -> members(coll, (k, v) -> {
          if (si.key() == null) {
            return unify(si.value(), v, f, next);
          }
          return unify(si.key(), k, f, () -> unify(si.value(), v, f, next));
        }));
      }
      case Every ev -> {
        return eachValue(ev.domain(), f, gen, dom -> every(ev, dom, f) ? next.run() : true);
      }
    }
  }

  /** Succeeds (calls k) for each way the term holds. */
  private boolean truth(Term t, Value[] f, boolean gen, K k) throws PolicyException {
    if (t instanceof Assign a) {
      return eachValue(a.rhs(), f, gen, v -> unify(a.lhs(), v, f, k));
    }
    if (t instanceof Unify u) {
      return unifyTerms(u.lhs(), u.rhs(), f, k);
    }
    boolean g = gen || t instanceof CallC c && c.out() != null;
    return eachValue(t, f, g, v -> Ops.truthy(v) ? k.run() : true);
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

  private boolean every(Every ev, Value dom, Value[] f) throws PolicyException {
    if (!(dom instanceof Value.Arr || dom instanceof Value.Obj || dom instanceof Value.SetV)) {
      return false;
    }
    boolean[] allOk = {true};
    members(dom, (key, v) -> {
      boolean[] found = {false};
      K probe = () -> body(ev.body(), 0, f, () -> {
        found[0] = true;
        return false;
      });
      if (ev.key() == null) {
        unify(ev.value(), v, f, probe);
      } else {
        unify(ev.key(), key, f, () -> unify(ev.value(), v, f, probe));
      }
      if (!found[0]) {
        allOk[0] = false;
        return false;
      }
      return true;
    });
    return allOk[0];
  }

  // --- unification -------------------------------------------------------------------------

  final boolean unify(Term pattern, Value v, Value[] f, K k) throws PolicyException {
    if (pattern instanceof Local l) {
      Value cur = f[l.slot()];
      if (cur == null) {
        f[l.slot()] = v;
        try {
          return k.run();
        } finally {
          f[l.slot()] = null;
        }
      }
      return !cur.equals(v) || k.run();
    }
    if (pattern instanceof Scalar s) {
      return !s.value().equals(v) || k.run();
    }
    if (pattern instanceof ArrayLit a) {
      if (!(v instanceof Value.Arr arr) || arr.size() != a.items().length) {
        return true;
      }
      return unifyItems(a.items(), arr, 0, f, k);
    }
    if (pattern instanceof ObjectLit o) {
      if (!(v instanceof Value.Obj obj) || obj.size() != o.keys().length) {
        return true;
      }
      return unifyFields(o, obj, 0, f, k);
    }
      return eachValue(pattern, f, true, pv -> !pv.equals(v) || k.run());
  }

  private boolean unifyItems(Term[] items, Value.Arr arr, int i, Value[] f, K k) throws PolicyException {
    if (i == items.length) {
      return k.run();
    }
    return unify(items[i], arr.get(i), f, () -> unifyItems(items, arr, i + 1, f, k));
  }

  private boolean unifyFields(ObjectLit o, Value.Obj obj, int i, Value[] f, K k) throws PolicyException {
    if (i == o.keys().length) {
      return k.run();
    }
    return eachValue(o.keys()[i], f, true, key -> {
      Value member = obj.get(key);
      return member == null || unify(o.values()[i], member, f, () -> unifyFields(o, obj, i + 1, f, k));
    });
  }

  private boolean unifyTerms(Term l, Term r, Value[] f, K k) throws PolicyException {
    if (l instanceof ArrayLit la && r instanceof ArrayLit ra) {
      if (la.items().length != ra.items().length) {
        return true;
      }
      return unifyPairs(la.items(), ra.items(), 0, f, k);
    }
    if (unbound(l, f)) {
      if (unbound(r, f) && !(r instanceof ArrayLit || r instanceof ObjectLit)) {
        throw Ops.err("unification of two unbound variables", l.pos());
      }
      return eachValue(r, f, true, v -> unify(l, v, f, k));
    }
    return eachValue(l, f, true, v -> unify(r, v, f, k));
  }

  private boolean unifyPairs(Term[] a, Term[] b, int i, Value[] f, K k) throws PolicyException {
    if (i == a.length) {
      return k.run();
    }
    return unifyTerms(a[i], b[i], f, () -> unifyPairs(a, b, i + 1, f, k));
  }

  /** Whether a pattern still has unbound variables in pattern position. */
  private static boolean unbound(Term t, Value[] f) {
    return switch (t) {
      case Local l -> f[l.slot()] == null;
      case ArrayLit a -> {
        for (Term i : a.items()) {
          if (unbound(i, f)) {
            yield true;
          }
        }
        yield false;
      }
      case ObjectLit o -> {
        for (Term i : o.values()) {
          if (unbound(i, f)) {
            yield true;
          }
        }
        yield false;
      }
      default -> false;
    };
  }

  // --- terms -------------------------------------------------------------------------------

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
    return ctx.dataOverrides.isEmpty() && core.baseData() instanceof Value.Obj o && o.size() == 0;
  }

  /** The single value of a term that cannot iterate, or null when undefined. */
  final Value value(Term t, Value[] f) throws PolicyException {
    if (t instanceof Local l) {
      Value v = f[l.slot()];
      if (v == null) {
        throw Ops.err("var " + l.name() + " is unsafe", l.pos());
      }
      return v;
    }
    if (t instanceof Scalar s) {
      return s.value();
    }
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
