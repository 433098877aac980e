package dev.claviger.policy.internal.rego;

import dev.claviger.policy.HostFunction;
import dev.claviger.policy.internal.builtins.BuiltinSpec;
import dev.claviger.policy.internal.rego.Ast.Body;
import dev.claviger.policy.internal.rego.Ast.Pos;
import dev.claviger.policy.internal.rego.Ast.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compiled program structures: the rule tree, rule sets and call targets. */
final class Program {
  private Program() {}

  enum Kind { COMPLETE, OBJECT, SET, FUNCTION }

  /** What a call resolves to. */
  sealed interface Callee permits Builtin, Host, Func, Special {
    String name();

    /** Number of arguments, or -1 when variadic. */
    int arity();
  }

  record Builtin(BuiltinSpec spec) implements Callee {
    @Override
    public String name() {
      return spec.name();
    }

    @Override
    public int arity() {
      return spec.arity();
    }
  }

  record Host(String name, int arity, HostFunction fn) implements Callee {}

  record Func(RuleSet set) implements Callee {
    @Override
    public String name() {
      return String.join(".", set.path);
    }

    @Override
    public int arity() {
      return set.arity;
    }
  }

  /** Builtins that need the evaluator: print, walk, trace. */
  record Special(String name, int arity) implements Callee {
    /** {@code print} is the only variadic builtin. */
    boolean isPrint() {
      return arity < 0;
    }
  }

  /** One compiled rule definition (including its else chain). */
  static final class CRule {
    Kind kind;
    Term[] keys = new Term[0];
    Term value;
    Term element;
    Term[] args;
    Body body;
    final List<CElse> elses = new ArrayList<>();
    int slots;
    boolean constOutput;
    Pos pos;
  }

  record CElse(Term value, Body body, Pos pos) {}

  /** {@code default p[k] := v}: the value at key path k when no definition produced one. */
  record KeyDefault(Term[] keys, Term value, int slots) {}

  /** All definitions of the rule or function at one path. */
  static final class RuleSet {
    final List<String> path;
    final List<CRule> defs = new ArrayList<>();
    Kind kind;
    int arity;
    Term defaultValue;
    int defaultSlots;
    final List<KeyDefault> keyDefaults = new ArrayList<>();
    Pos pos;

    RuleSet(List<String> path) {
      this.path = List.copyOf(path);
    }

    boolean isFunction() {
      return kind == Kind.FUNCTION;
    }

    @Override
    public String toString() {
      return "data." + String.join(".", path);
    }
  }

  /** A node of the data tree: rules defined exactly here plus children. */
  static final class Node {
    final List<String> path;
    final Map<String, Node> children = new TreeMap<>();
    RuleSet rules;
    /** A package was declared here: its document exists (possibly empty) even without rules. */
    boolean isPackage;

    Node(List<String> path) {
      this.path = List.copyOf(path);
    }

    Node child(String name) {
      return children.computeIfAbsent(name, n -> {
        List<String> p = new ArrayList<>(path);
        p.add(n);
        return new Node(p);
      });
    }

    /** True when this node or a descendant has a non-function rule. */
    boolean hasValueRules() {
      Boolean b = valueRules;
      if (b == null) {
        b = isPackage || rules != null && !rules.isFunction();
        for (Node c : children.values()) {
          b = b || c.hasValueRules();
        }
        valueRules = b;
      }
      return b;
    }

    /** Lazily computed; the tree does not change after compilation. */
    private volatile Boolean valueRules;
  }
}
