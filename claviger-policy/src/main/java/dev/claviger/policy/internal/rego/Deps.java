package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.*;
import java.util.Set;

/** The rule sets a rule set refers to, for the recursion check. */
final class Deps {
  private Deps() {}

  static void of(RuleSet rs, Node root, Set<RuleSet> out) {
    for (CRule r : rs.defs) {
      visit(r.value, root, out);
      visit(r.element, root, out);
      for (Term k : r.keys) {
        visit(k, root, out);
      }
      Terms.walk(r.body, t -> term(t, root, out));
      for (CElse e : r.elses) {
        visit(e.value(), root, out);
        Terms.walk(e.body(), t -> term(t, root, out));
      }
    }
  }

  private static void visit(Term t, Node root, Set<RuleSet> out) {
    Terms.walk(t, x -> term(x, root, out));
  }

  private static void term(Term t, Node root, Set<RuleSet> out) {
    if (t instanceof RuleRef rr) {
      out.add(rr.rules());
    } else if (t instanceof CallC c && c.callee() instanceof Func f) {
      out.add(f.set());
    } else if (t instanceof DataRoot) {
      // A bare `data` depends on everything; refs are handled below with their path.
    } else if (t instanceof Ref r && r.head() instanceof DataRoot) {
      Node n = root;
      for (Term e : r.path()) {
        if (n.rules != null) {
          break;
        }
        if (e instanceof Scalar s && (s.value() instanceof Value.Str || s.value() instanceof dev.claviger.policy.Num)) {
          String key = s.value() instanceof Value.Str str ? str.value() : s.value().toString();
          Node c = n.children.get(key);
          if (c == null) {
            return;
          }
          n = c;
        } else {
          break;
        }
      }
      all(n, out);
    }
  }

  private static void all(Node n, Set<RuleSet> out) {
    if (n.rules != null) {
      out.add(n.rules);
      return;
    }
    for (Node c : n.children.values()) {
      all(c, out);
    }
  }
}
