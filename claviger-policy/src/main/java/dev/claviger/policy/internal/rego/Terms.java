package dev.claviger.policy.internal.rego;

import dev.claviger.policy.internal.rego.Ast.*;
import java.util.function.Consumer;

/** Deep traversal of compiled terms, literals and bodies. */
final class Terms {
  private Terms() {}

  static void walk(Term t, Consumer<Term> f) {
    if (t == null) {
      return;
    }
    f.accept(t);
    switch (t) {
      case Ref r -> {
        walk(r.head(), f);
        for (Term e : r.path()) {
          walk(e, f);
        }
      }
      case RuleRef r -> all(r.rest(), f);
      case ArrayLit a -> all(a.items(), f);
      case SetLit s -> all(s.items(), f);
      case ObjectLit o -> {
        all(o.keys(), f);
        all(o.values(), f);
      }
      case Compr c -> {
        walk(c.key(), f);
        walk(c.value(), f);
        walk(c.body(), f);
      }
      case Call c -> all(c.args(), f);
      case CallC c -> {
        all(c.args(), f);
        walk(c.out(), f);
      }
      case Bin b -> {
        walk(b.left(), f);
        walk(b.right(), f);
      }
      case Neg n -> walk(n.operand(), f);
      case Member m -> {
        walk(m.key(), f);
        walk(m.value(), f);
        walk(m.coll(), f);
      }
      case Assign a -> {
        walk(a.lhs(), f);
        walk(a.rhs(), f);
      }
      case Unify u -> {
        walk(u.lhs(), f);
        walk(u.rhs(), f);
      }
      default -> { }
    }
  }

  static void walk(Body b, Consumer<Term> f) {
    if (b == null) {
      return;
    }
    for (Lit l : b.lits()) {
      walk(l, f);
    }
  }

  static void walk(Lit l, Consumer<Term> f) {
    switch (l) {
      case ExprLit e -> walk(e.term(), f);
      case SomeIn s -> {
        walk(s.key(), f);
        walk(s.value(), f);
        walk(s.coll(), f);
      }
      case Every e -> {
        walk(e.key(), f);
        walk(e.value(), f);
        walk(e.domain(), f);
        walk(e.body(), f);
      }
      case SomeDecl d -> { }
    }
    for (With w : l.withs()) {
      walk(w.target(), f);
      walk(w.value(), f);
    }
  }

  private static void all(Term[] ts, Consumer<Term> f) {
    for (Term t : ts) {
      walk(t, f);
    }
  }
}
