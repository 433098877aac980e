package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Syntactic helpers of the compiler: variable names, patterns and destructuring checks. */
final class Names {
  private Names() {}

  /** Literal-vs-literal destructuring that can never match is an error, as in regorus. */
  static void checkDestructuring(Term t) throws PolicyException {
    Term l;
    Term r;
    if (t instanceof Assign a) {
      l = a.lhs();
      r = a.rhs();
    } else if (t instanceof Unify u) {
      l = u.lhs();
      r = u.rhs();
    } else {
      return;
    }
    shapes(l, r, t.pos());
  }

  static void shapes(Term l, Term r, Pos pos) throws PolicyException {
    if (l instanceof ArrayLit && r instanceof ObjectLit || l instanceof ObjectLit && r instanceof ArrayLit) {
      throw Compiler.err("incompatible destructuring patterns: both sides must be arrays or objects with matching structure", pos);
    }
    if (l instanceof ArrayLit la && r instanceof ArrayLit ra) {
      if (la.items().length != ra.items().length) {
        throw Compiler.err("mismatch in number of array elements", pos);
      }
      for (int i = 0; i < la.items().length; i++) {
        shapes(la.items()[i], ra.items()[i], pos);
      }
    } else if (l instanceof ObjectLit lo && r instanceof ObjectLit ro) {
      java.util.Set<Value> lk = scalarKeys(lo);
      java.util.Set<Value> rk = scalarKeys(ro);
      if (lk != null && rk != null && !lk.equals(rk)) {
        throw Compiler.err("object literal keys mismatch. Expected keys " + lk + " got " + rk + ".", pos);
      }
    }
  }

  static java.util.Set<Value> scalarKeys(ObjectLit o) {
    java.util.Set<Value> out = new java.util.TreeSet<>();
    for (Term k : o.keys()) {
      if (!(k instanceof Scalar sc)) {
        return null;
      }
      out.add(sc.value());
    }
    return out;
  }

  static String kindOf(Term t) {
    return t instanceof Ref ? "ref" : t instanceof Call ? "call" : "non-variable term";
  }

  static boolean isPattern(Term t) {
    return switch (t) {
      case Var v -> true;
      case ArrayLit a -> {
        for (Term i : a.items()) {
          if (!isPattern(i) && !(i instanceof Scalar)) {
            yield false;
          }
        }
        yield true;
      }
      case ObjectLit o -> {
        for (Term i : o.values()) {
          if (!isPattern(i) && !(i instanceof Scalar)) {
            yield false;
          }
        }
        yield true;
      }
      default -> false;
    };
  }

  static String staticName(Term t) {
    if (t instanceof Var v) {
      return v.name();
    }
    if (t instanceof Ref r && r.head() instanceof Var v) {
      StringBuilder sb = new StringBuilder(v.name());
      for (Term e : r.path()) {
        if (!(e instanceof Scalar sc && sc.value() instanceof Value.Str str)) {
          return null;
        }
        sb.append('.').append(str.value());
      }
      return sb.toString();
    }
    return null;
  }

  static List<String> patternVars(Term t) {
    List<String> out = new ArrayList<>();
    patternVars(t, out);
    return out;
  }

  static void patternVars(Term t, List<String> out) {
    switch (t) {
      case Var v -> {
        if (!v.wildcard()) {
          out.add(v.name());
        }
      }
      case ArrayLit a -> {
        for (Term i : a.items()) {
          patternVars(i, out);
        }
      }
      case ObjectLit o -> {
        for (Term i : o.values()) {
          patternVars(i, out);
        }
      }
      default -> { }
    }
  }

  static void litNames(Lit l, Set<String> out) {
    switch (l) {
      case ExprLit e -> names(e.term(), out);
      case SomeDecl d -> d.vars().forEach(v -> out.add(v.name()));
      case SomeIn si -> {
        names(si.key(), out);
        names(si.value(), out);
        names(si.coll(), out);
      }
      case Every ev -> names(ev.domain(), out);
    }
    for (With w : l.withs()) {
      names(w.value(), out);
    }
  }

  /** Variable names used directly in a term, not inside nested comprehensions. */
  static void names(Term t, Set<String> out) {
    if (t == null) {
      return;
    }
    switch (t) {
      case Var v -> {
        if (!v.wildcard()) {
          out.add(v.name());
        }
      }
      case Ref r -> {
        names(r.head(), out);
        for (Term e : r.path()) {
          names(e, out);
        }
      }
      case ArrayLit a -> {
        for (Term i : a.items()) {
          names(i, out);
        }
      }
      case SetLit a -> {
        for (Term i : a.items()) {
          names(i, out);
        }
      }
      case ObjectLit o -> {
        for (Term i : o.keys()) {
          names(i, out);
        }
        for (Term i : o.values()) {
          names(i, out);
        }
      }
      case Call call -> {
        for (Term i : call.args()) {
          names(i, out);
        }
      }
      case Bin b -> {
        names(b.left(), out);
        names(b.right(), out);
      }
      case Neg n -> names(n.operand(), out);
      case Member mb -> {
        names(mb.key(), out);
        names(mb.value(), out);
        names(mb.coll(), out);
      }
      case Assign a -> {
        names(a.lhs(), out);
        names(a.rhs(), out);
      }
      case Unify u -> {
        names(u.lhs(), out);
        names(u.rhs(), out);
      }
      default -> { }
    }
  }
}
