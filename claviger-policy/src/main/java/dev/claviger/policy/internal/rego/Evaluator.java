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
class Evaluator extends TermEval {

  Evaluator(Core core, EvalState st, Ctx ctx) {
    super(core, st, ctx);
  }

  // --- bodies ------------------------------------------------------------------------------

  /** Optional capture of query expression values, by source index. */
  Body captureBody;
  Value[] captured;

  @Override
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

  @Override
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

  @Override
  final boolean unifyTerms(Term l, Term r, Value[] f, K k) throws PolicyException {
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

}
