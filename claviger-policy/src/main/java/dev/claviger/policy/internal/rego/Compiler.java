package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.builtins.BuiltinSpec;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the rule tree from parsed modules, resolves names and checks safety (via {@link
 * BodyCompiler}) and rejects recursion.
 */
final class Compiler {
  /** Builtins the evaluator implements itself (they need evaluation state). */
  static final Set<String> SPECIALS = Set.of("print", "walk", "trace");

  final Node root = new Node(List.of());
  final Map<String, BuiltinSpec> builtins;
  final Map<String, Host> hosts;
  private final Map<List<String>, Set<String>> pkgRules = new HashMap<>();
  private final List<Object[]> pending = new ArrayList<>();

  Compiler(Map<String, BuiltinSpec> builtins, Map<String, Host> hosts) {
    this.builtins = builtins;
    this.hosts = hosts;
  }

  void compile(List<RegoModule> modules) throws PolicyException {
    for (RegoModule m : modules) {
      pkgRules.computeIfAbsent(m.pkg(), k -> new HashSet<>());
      for (Rule r : m.rules()) {
        pkgRules.get(m.pkg()).add(r.head().name().name());
      }
    }
    for (RegoModule m : modules) {
      Node pn = root;
      for (String s : m.pkg().subList(1, m.pkg().size())) {
        pn = pn.child(s);
      }
      pn.isPackage = true;
      checkImports(m);
      for (Rule r : m.rules()) {
        declare(m, r);
      }
    }
    for (Object[] p : pending) {
      RegoModule m = (RegoModule) p[0];
      Rule r = (Rule) p[1];
      RuleSet rs = (RuleSet) p[2];
      if (r.isDefault()) {
        compileDefault(m, r, rs, (Term[]) p[3]);
      } else {
        rs.defs.add(new BodyCompiler(this, m).rule(r, rs.kind, (Term[]) p[3]));
      }
    }
    new RecursionCheck().run(root);
  }

  private void checkImports(RegoModule m) throws PolicyException {
    Set<String> seen = new HashSet<>();
    for (Import imp : m.imports()) {
      String alias = alias(imp);
      if (!seen.add(alias) && m.v1() && !imp.path().get(0).equals("future") && !imp.path().get(0).equals("rego")) {
        throw err("import must not shadow import " + alias, imp.pos());
      }
    }
  }

  static String alias(Import imp) {
    return imp.alias() != null ? imp.alias() : imp.path().get(imp.path().size() - 1);
  }

  private void declare(RegoModule m, Rule r) throws PolicyException {
    Head h = r.head();
    List<String> path = new ArrayList<>(m.pkg());
    path.add(h.name().name());
    int i = 0;
    while (i < h.path().size() && h.path().get(i) instanceof Scalar s && s.value() instanceof Value.Str str) {
      path.add(str.value());
      i++;
    }
    Term[] keys = h.path().subList(i, h.path().size()).toArray(new Term[0]);
    Kind kind;
    if (h.args() != null) {
      kind = Kind.FUNCTION;
      if (keys.length > 0) {
        throw err("function name must be a static reference", r.pos());
      }
    } else if (h.element() != null) {
      kind = Kind.SET;
    } else {
      kind = keys.length == 0 ? Kind.COMPLETE : Kind.OBJECT;
    }
    if (m.v1() && (h.name().name().equals("input") || h.name().name().equals("data")) && path.size() == m.pkg().size() + 1) {
      throw err("rules must not shadow " + h.name().name(), r.pos());
    }
    Node n = root;
    for (String s : path.subList(1, path.size())) {
      n = n.child(s);
    }
    n = path.get(0).equals("data") ? n : null;
    if (n == null) {
      throw err("package must begin with data", m.pos());
    }
    RuleSet rs = n.rules;
    if (rs == null) {
      rs = n.rules = new RuleSet(path.subList(1, path.size()));
      rs.kind = kind;
      rs.pos = r.pos();
      rs.arity = kind == Kind.FUNCTION ? h.args().size() : 0;
    } else if (rs.kind != kind) {
      throw err("rule " + rs + " conflicts with another rule of a different kind", r.pos());
    } else if (kind == Kind.FUNCTION && rs.arity != h.args().size()) {
      throw err("function " + rs + " defined with different numbers of arguments", r.pos());
    }
    if (r.isDefault()) {
      if (rs.defaultValue != null && keys.length == 0) {
        throw err("multiple default rules " + rs + " found", r.pos());
      }
      if (kind == Kind.SET) {
        throw err("default rules must not be multi-value rules", r.pos());
      }
      validateDefault(h.value());
    }
    pending.add(new Object[] {m, r, rs, keys});
  }

  /** Default values must be constants (comprehensions allowed), as regorus requires. */
  private static void validateDefault(Term t) throws PolicyException {
    String bad = switch (t) {
      case Var v -> "var";
      case Ref r -> "ref";
      case Call c -> "call";
      case Bin b -> switch (b.op()) {
        case EQ, NE, LT, LE, GT, GE -> "boolexpr";
        case ADD, SUB, MUL, DIV, MOD -> "arithexpr";
        default -> "binexpr";
      };
      case Member mb -> "membership";
      case Neg n -> "unary";
      case Assign a -> "assignment";
      case Unify u -> "assignment";
      default -> null;
    };
    if (bad != null) {
      throw err("invalid `" + bad + "` in default value", t.pos());
    }
    switch (t) {
      case ArrayLit a -> {
        for (Term i : a.items()) {
          validateDefault(i);
        }
      }
      case SetLit a -> {
        for (Term i : a.items()) {
          validateDefault(i);
        }
      }
      case ObjectLit o -> {
        for (Term i : o.keys()) {
          validateDefault(i);
        }
        for (Term i : o.values()) {
          validateDefault(i);
        }
      }
      default -> { }
    }
  }

  private void compileDefault(RegoModule m, Rule r, RuleSet rs, Term[] keys) throws PolicyException {
    BodyCompiler bc = new BodyCompiler(this, m);
    Term v = bc.constant(r.head().value());
    if (keys.length == 0) {
      rs.defaultValue = v;
      rs.defaultSlots = bc.slots();
      return;
    }
    Term[] ks = new Term[keys.length];
    for (int i = 0; i < keys.length; i++) {
      validateDefault(keys[i]);
      ks[i] = new BodyCompiler(this, m).constant(keys[i]);
    }
    rs.keyDefaults.add(new KeyDefault(ks, v, bc.slots()));
  }

  Set<String> rulesOf(List<String> pkg) {
    return pkg == null ? Set.of() : pkgRules.getOrDefault(pkg, Set.of());
  }

  /** Resolves a call name written in module {@code m} (null for queries). */
  Callee callee(String name, RegoModule m, Pos pos) throws PolicyException {
    List<String> parts = List.of(name.split("\\.", -1));
    if (m != null) {
      if (parts.size() == 1 && rulesOf(m.pkg()).contains(name)) {
        List<String> full = new ArrayList<>(m.pkg().subList(1, m.pkg().size()));
        full.add(name);
        Callee c = func(full);
        if (c != null) {
          return c;
        }
      }
      for (Import imp : m.imports()) {
        if (alias(imp).equals(parts.get(0)) && imp.path().get(0).equals("data")) {
          List<String> full = new ArrayList<>(imp.path().subList(1, imp.path().size()));
          full.addAll(parts.subList(1, parts.size()));
          Callee c = func(full);
          if (c != null) {
            return c;
          }
        }
      }
    }
    if (parts.get(0).equals("data") && parts.size() > 1) {
      Callee c = func(parts.subList(1, parts.size()));
      if (c != null) {
        return c;
      }
      throw err("unknown function " + name, pos);
    }
    if (hosts.containsKey(name)) {
      return hosts.get(name);
    }
    if (SPECIALS.contains(name)) {
      int arity = switch (name) {
        case "print" -> -1;
        case "walk", "trace" -> 1;
        default -> 0;
      };
      return new Special(name, arity);
    }
    BuiltinSpec spec = builtins.get(name);
    if (spec != null) {
      if (spec.deprecated() && m != null && m.v1()) {
        throw err("deprecated built-in function " + name + " is not allowed in Rego v1", pos);
      }
      return new Builtin(spec);
    }
    throw err("unknown function " + name, pos);
  }

  private Callee func(List<String> path) {
    Node n = root;
    for (String s : path) {
      n = n.children.get(s);
      if (n == null) {
        return null;
      }
    }
    return n.rules != null && n.rules.isFunction() ? new Func(n.rules) : null;
  }

  static PolicyException err(String msg, Pos pos) {
    return new PolicyException(PolicyException.Kind.COMPILE, msg, pos.file(), pos.line(), pos.col());
  }

  /** Rejects rules that depend on themselves, as OPA and regorus do. */
  private static final class RecursionCheck {
    private final Map<RuleSet, Integer> state = new IdentityHashMap<>();

    void run(Node root) throws PolicyException {
      List<RuleSet> all = new ArrayList<>();
      collect(root, all);
      for (RuleSet rs : all) {
        visit(rs, root);
      }
    }

    private static void collect(Node n, List<RuleSet> out) {
      if (n.rules != null) {
        out.add(n.rules);
      }
      for (Node c : n.children.values()) {
        collect(c, out);
      }
    }

    private void visit(RuleSet rs, Node root) throws PolicyException {
      Integer s = state.get(rs);
      if (s != null) {
        if (s == 1) {
          throw err("recursion found in " + rs, rs.pos);
        }
        return;
      }
      state.put(rs, 1);
      Set<RuleSet> deps = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      Deps.of(rs, root, deps);
      for (RuleSet d : deps) {
        visit(d, root);
      }
      state.put(rs, 2);
    }
  }
}
