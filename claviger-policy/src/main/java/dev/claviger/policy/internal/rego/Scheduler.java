package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.BodyCompiler.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders body literals so that each one's input variables are bound by earlier ones. Picks the
 * first ready literal in source order each time, so a body already in a safe order is unchanged.
 */
final class Scheduler {
  private enum Mode { INPUT, PATTERN, BRACKET }

  private final Scope s;
  private final BodyCompiler bc;

  private Scheduler(Scope s, BodyCompiler bc) {
    this.s = s;
    this.bc = bc;
  }

  /** Per-literal variable usage (slots owned by the body's scope only). */
  private static final class Use {
    final Set<Integer> in = new LinkedHashSet<>();
    final Set<Integer> out = new HashSet<>();
    final Set<Integer> bracket = new HashSet<>();
  }

  static Body schedule(List<Lit> lits, Scope s, Set<Integer> bound, BodyCompiler bc) throws PolicyException {
    Scheduler sch = new Scheduler(s, bc);
    int n = lits.size();
    Use[] uses = new Use[n];
    Set<Integer> provided = new HashSet<>();
    for (int i = 0; i < n; i++) {
      uses[i] = sch.use(lits.get(i));
      provided.addAll(uses[i].out);
    }
    for (int i = 0; i < n; i++) {
      if (lits.get(i) instanceof ExprLit e && e.negated()) {
        uses[i].in.retainAll(provided);
      }
    }
    List<Lit> order = new ArrayList<>(n);
    boolean[] gen = new boolean[n];
    int[] index = new int[n];
    boolean[] done = new boolean[n];
    for (int k = 0; k < n; k++) {
      int pick = -1;
      for (int i = 0; i < n && pick < 0; i++) {
        if (!done[i] && ready(uses[i], bound)) {
          pick = i;
        }
      }
      if (pick < 0) {
        throw sch.unsafe(lits, uses, done, bound);
      }
      done[pick] = true;
      Use u = uses[pick];
      boolean g = false;
      for (int b : u.bracket) {
        if (!bound.contains(b)) {
          g = true;
          break;
        }
      }
      gen[k] = g;
      index[k] = pick;
      order.add(lits.get(pick));
      bound.addAll(u.out);
      bound.addAll(u.in);
    }
    return new Body(order, gen, index);
  }

  private static boolean ready(Use u, Set<Integer> bound) {
    for (int i : u.in) {
      if (!bound.contains(i) && !u.out.contains(i)) {
        return false;
      }
    }
    return true;
  }

  private PolicyException unsafe(List<Lit> lits, Use[] uses, boolean[] done, Set<Integer> bound) {
    for (int i = 0; i < lits.size(); i++) {
      if (done[i]) {
        continue;
      }
      for (int v : uses[i].in) {
        if (!bound.contains(v) && !uses[i].out.contains(v)) {
          Pos pos = findPos(lits.get(i), v);
          return Compiler.err("var " + bc.slotName(v) + " is unsafe", pos);
        }
      }
    }
    return Compiler.err("unsafe body", lits.get(0).pos());
  }

  private static Pos findPos(Lit l, int slot) {
    Pos[] found = {l.pos()};
    boolean[] got = {false};
    Terms.walk(l, t -> {
      if (!got[0] && t instanceof Local loc && loc.slot() == slot) {
        found[0] = loc.pos();
        got[0] = true;
      }
    });
    return found[0];
  }

  private Use use(Lit l) {
    Use u = new Use();
    switch (l) {
      case ExprLit e -> {
        if (e.negated()) {
          deep(e.term(), u);
        } else {
          term(e.term(), Mode.INPUT, u);
        }
      }
      case SomeIn si -> {
        if (si.key() != null) {
          term(si.key(), Mode.PATTERN, u);
        }
        term(si.value(), Mode.PATTERN, u);
        term(si.coll(), Mode.INPUT, u);
      }
      case Every ev -> {
        term(ev.domain(), Mode.INPUT, u);
        Terms.walk(ev.body(), t -> local(t, u));
        if (ev.key() != null) {
          Terms.walk(ev.key(), t -> local(t, u));
        }
        Terms.walk(ev.value(), t -> local(t, u));
      }
      case SomeDecl d -> { }
    }
    for (With w : l.withs()) {
      deep(w.value(), u);
    }
    return u;
  }

  private void deep(Term t, Use u) {
    Terms.walk(t, x -> local(x, u));
  }

  private void local(Term t, Use u) {
    if (t instanceof Local loc && bc.owner(loc.slot()) == s) {
      u.in.add(loc.slot());
    }
  }

  private void term(Term t, Mode mode, Use u) {
    switch (t) {
      case Local loc -> {
        if (bc.owner(loc.slot()) != s) {
          return;
        }
        switch (mode) {
          case INPUT -> u.in.add(loc.slot());
          case PATTERN -> u.out.add(loc.slot());
          case BRACKET -> {
            u.out.add(loc.slot());
            u.bracket.add(loc.slot());
          }
        }
      }
      case Ref r -> {
        term(r.head(), Mode.INPUT, u);
        for (Term e : r.path()) {
          term(e, e instanceof Local ? Mode.BRACKET : Mode.INPUT, u);
        }
      }
      case RuleRef r -> {
        for (Term e : r.rest()) {
          term(e, e instanceof Local ? Mode.BRACKET : Mode.INPUT, u);
        }
      }
      case ArrayLit a -> {
        for (Term i : a.items()) {
          term(i, mode == Mode.PATTERN ? Mode.PATTERN : Mode.INPUT, u);
        }
      }
      case ObjectLit o -> {
        for (Term k : o.keys()) {
          term(k, Mode.INPUT, u);
        }
        for (Term v : o.values()) {
          term(v, mode == Mode.PATTERN ? Mode.PATTERN : Mode.INPUT, u);
        }
      }
      case SetLit a -> {
        for (Term i : a.items()) {
          term(i, Mode.INPUT, u);
        }
      }
      case Compr c -> deep(c, u);
      case CallC c -> {
        for (Term a : c.args()) {
          term(a, Mode.INPUT, u);
        }
        if (c.out() != null) {
          term(c.out(), Mode.PATTERN, u);
        }
      }
      case Bin b -> {
        term(b.left(), Mode.INPUT, u);
        term(b.right(), Mode.INPUT, u);
      }
      case Neg n -> term(n.operand(), Mode.INPUT, u);
      case Member mb -> {
        if (mb.key() != null) {
          term(mb.key(), Mode.INPUT, u);
        }
        term(mb.value(), Mode.INPUT, u);
        term(mb.coll(), Mode.INPUT, u);
      }
      case Assign a -> {
        term(a.lhs(), Mode.PATTERN, u);
        term(a.rhs(), Mode.INPUT, u);
      }
      case Unify un -> {
        term(un.lhs(), Mode.PATTERN, u);
        term(un.rhs(), Mode.PATTERN, u);
      }
      default -> { }
    }
  }
}
