package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one rule (or query): resolves names to frame slots, rule references and call
 * targets, then orders each body so every variable is bound before it is used (OPA's safety
 * reordering; source order is kept wherever possible).
 */
final class BodyCompiler {
  private final Compiler c;
  private final RegoModule m;
  private final List<String> slotNames = new ArrayList<>();
  private final List<Scope> slotOwner = new ArrayList<>();

  /** A lexical scope: a body, a comprehension or an argument list. */
  static final class Scope {
    final Scope parent;
    final Set<String> declared = new HashSet<>();
    final Set<String> names = new HashSet<>();
    final Map<String, Integer> vars = new HashMap<>();
    boolean isArgs;

    Scope(Scope parent) {
      this.parent = parent;
    }
  }

  BodyCompiler(Compiler c, RegoModule m) {
    this.c = c;
    this.m = m;
  }

  int slots() {
    return slotNames.size();
  }

  // --- entry points ------------------------------------------------------------------------

  CRule rule(Rule r, Kind kind, Term[] keys) throws PolicyException {
    CRule cr = new CRule();
    cr.kind = kind;
    cr.pos = r.pos();
    Head h = r.head();
    Scope argScope = null;
    if (h.args() != null) {
      argScope = new Scope(null);
      argScope.isArgs = true;
      for (Term a : h.args()) {
        for (String v : Names.patternVars(a)) {
          argScope.declared.add(v);
        }
      }
      cr.args = new Term[h.args().size()];
      for (int i = 0; i < cr.args.length; i++) {
        cr.args[i] = resolve(h.args().get(i), argScope);
      }
    }
    Scope s = new Scope(argScope);
    for (Term k : keys) {
      Names.names(k, s.names);
    }
    Names.names(h.value(), s.names);
    Names.names(h.element(), s.names);
    Set<Integer> bound = new HashSet<>();
    cr.body = body(r.body() == null ? Body.parsed(List.of()) : r.body(), s, bound);
    cr.keys = new Term[keys.length];
    for (int i = 0; i < keys.length; i++) {
      cr.keys[i] = resolve(keys[i], s);
      checkSafe(cr.keys[i], s, bound);
    }
    cr.value = h.value() == null ? null : resolve(h.value(), s);
    checkSafe(cr.value, s, bound);
    cr.element = h.element() == null ? null : resolve(h.element(), s);
    checkSafe(cr.element, s, bound);
    for (Else e : r.elses()) {
      if (kind != Kind.COMPLETE && kind != Kind.FUNCTION) {
        throw Compiler.err("else keyword cannot be used on multi-value rules", e.pos());
      }
      Scope es = new Scope(argScope);
      Names.names(e.value(), es.names);
      Set<Integer> eb = new HashSet<>();
      Body body = body(e.body() == null ? Body.parsed(List.of()) : e.body(), es, eb);
      Term v = e.value() == null ? null : resolve(e.value(), es);
      checkSafe(v, es, eb);
      cr.elses.add(new CElse(v, body, e.pos()));
    }
    boolean constKeys = java.util.Arrays.stream(keys).allMatch(k -> k instanceof Scalar);
    cr.constOutput = switch (kind) {
      case COMPLETE, OBJECT -> constKeys && (h.value() == null || h.value() instanceof Scalar);
      case SET -> constKeys && h.element() instanceof Scalar;
      case FUNCTION -> false;
    };
    cr.slots = slots();
    return cr;
  }

  /** Compiles a query; returns the body and fills {@code outVars} with named query variables. */
  Body query(Body b, Map<String, Integer> outVars) throws PolicyException {
    Scope q = new Scope(null);
    Body body = body(b, q, new HashSet<>());
    for (Map.Entry<String, Integer> e : q.vars.entrySet()) {
      if (!e.getKey().equals("_") && !e.getKey().startsWith("$")) {
        outVars.put(e.getKey(), e.getValue());
      }
    }
    return body;
  }

  Term constant(Term t) throws PolicyException {
    Scope s = new Scope(null);
    Names.names(t, s.names);
    return resolve(t, s);
  }

  // --- bodies ------------------------------------------------------------------------------

  private Body body(Body b, Scope s, Set<Integer> bound) throws PolicyException {
    Set<String> before = new HashSet<>();
    for (Lit l : b.lits()) {
      List<String> declaredHere = switch (l) {
        case SomeDecl d -> d.vars().stream().map(Var::name).toList();
        case SomeIn si -> {
          List<String> v = new ArrayList<>(Names.patternVars(si.value()));
          if (si.key() != null) {
            v.addAll(Names.patternVars(si.key()));
          }
          yield v;
        }
        default -> List.of();
      };
      for (String v : declaredHere) {
        if (before.contains(v)) {
          throw Compiler.err("var `" + v + "` used before definition below", l.pos());
        }
      }
      if (l instanceof SomeIn si && si.value() instanceof ArrayLit pat && si.coll() instanceof ArrayLit coll) {
        for (Term item : coll.items()) {
          Names.shapes(pat, item, si.pos());
        }
      }
      Names.litNames(l, before);
      Names.litNames(l, s.names);
    }
    for (Lit l : b.lits()) {
      declare(l, s);
    }
    List<Lit> resolved = new ArrayList<>(b.lits().size());
    for (Lit l : b.lits()) {
      resolved.add(resolveLit(l, s));
    }
    return Scheduler.schedule(resolved, s, bound, this);
  }

  private void declare(Lit l, Scope s) throws PolicyException {
    switch (l) {
      case SomeDecl d -> {
        for (Var v : d.vars()) {
          s.declared.add(v.name());
        }
      }
      case ExprLit e when !e.negated() && e.term() instanceof Assign a -> {
        for (String v : Names.patternVars(a.lhs())) {
          if (m != null && m.v1() && (v.equals("input") || v.equals("data"))) {
            throw Compiler.err("variables must not shadow " + v + " (use a different variable name)", a.pos());
          }
          if (!s.declared.add(v)) {
            throw Compiler.err("var " + v + " assigned above", a.pos());
          }
          if (s.parent != null && s.parent.isArgs && s.parent.declared.contains(v)) {
            throw Compiler.err("var `" + v + "` used before definition below", a.pos());
          }
        }
      }
      case SomeIn si -> {
        if (si.key() != null) {
          s.declared.addAll(Names.patternVars(si.key()));
        }
        s.declared.addAll(Names.patternVars(si.value()));
      }
      default -> { }
    }
  }

  private Lit resolveLit(Lit l, Scope s) throws PolicyException {
    return switch (l) {
      case ExprLit e -> {
        if (e.term() instanceof Assign a && !Names.isPattern(a.lhs())) {
          throw Compiler.err("cannot assign to " + Names.kindOf(a.lhs()), a.pos());
        }
        Term t = e.term() instanceof Call call ? call(call, s, !e.negated()) : resolve(e.term(), s);
        Names.checkDestructuring(e.term());
        yield new ExprLit(t, e.negated(), withs(e.withs(), s), e.pos());
      }
      case SomeDecl d -> new SomeDecl(d.vars(), List.of(), d.pos());
      case SomeIn si -> new SomeIn(si.key() == null ? null : resolve(si.key(), s), resolve(si.value(), s),
          resolve(si.coll(), s), withs(si.withs(), s), si.pos());
      case Every ev -> {
        Scope es = new Scope(s);
        if (ev.key() != null) {
          es.declared.addAll(Names.patternVars(ev.key()));
        }
        es.declared.addAll(Names.patternVars(ev.value()));
        Term key = ev.key() == null ? null : resolve(ev.key(), es);
        Term value = resolve(ev.value(), es);
        Scope bs = new Scope(es);
        Body body = body(ev.body(), bs, new HashSet<>());
        yield new Every(key, value, resolve(ev.domain(), s), body, withs(ev.withs(), s), ev.pos());
      }
    };
  }

  private List<With> withs(List<With> ws, Scope s) throws PolicyException {
    if (ws.isEmpty()) {
      return ws;
    }
    List<With> out = new ArrayList<>();
    for (With w : ws) {
      String name = Names.staticName(w.target());
      Term target;
      Term value;
      if (name != null && (name.equals("input") || name.startsWith("input.") || name.equals("data") || name.startsWith("data."))) {
        target = resolveRoot(w.target(), s);
        value = resolve(w.value(), s);
      } else if (name != null) {
        Callee callee = c.callee(name, m, w.target().pos());
        target = new CallC(callee, new Term[0], null, w.target().pos());
        String vname = Names.staticName(w.value());
        Callee replacement = null;
        if (vname != null) {
          try {
            replacement = c.callee(vname, m, w.value().pos());
          } catch (PolicyException notAFunction) {
            replacement = null;
          }
        }
        value = replacement != null && !(isLocalName(vname, s))
            ? new CallC(replacement, new Term[0], null, w.value().pos()) : resolve(w.value(), s);
      } else {
        throw Compiler.err("with target must be a reference to input, data or a function", w.pos());
      }
      out.add(new With(target, value, w.pos()));
    }
    return out;
  }

  private static boolean isLocalName(String name, Scope s) {
    for (Scope x = s; x != null; x = x.parent) {
      if (x.declared.contains(name)) {
        return !name.contains(".");
      }
    }
    return false;
  }

  private Term resolveRoot(Term t, Scope s) throws PolicyException {
    Term r = t instanceof Var v ? (v.name().equals("input") ? new InputRoot(v.pos()) : new DataRoot(v.pos()))
        : new Ref(resolveRoot(((Ref) t).head(), s), ((Ref) t).path(), t.pos());
    return r;
  }

  // --- terms -------------------------------------------------------------------------------

  Term resolve(Term t, Scope s) throws PolicyException {
    return switch (t) {
      case Var v -> v.wildcard() ? new Local("_", newSlot(s, "_"), v.pos()) : resolveName(v.name(), s, v.pos());
      case Ref r -> {
        Term head = resolve(r.head(), s);
        Term[] path = all(r.path(), s);
        if (head instanceof RuleRef rr) {
          head = rr.original();
        }
        if (head instanceof Ref hr) {
          Term[] joined = new Term[hr.path().length + path.length];
          System.arraycopy(hr.path(), 0, joined, 0, hr.path().length);
          System.arraycopy(path, 0, joined, hr.path().length, path.length);
          yield ruleRef(new Ref(hr.head(), joined, r.pos()));
        }
        yield ruleRef(new Ref(head, path, r.pos()));
      }
      case ArrayLit a -> Fold.array(new ArrayLit(all(a.items(), s), a.pos()));
      case SetLit a -> Fold.set(new SetLit(all(a.items(), s), a.pos()));
      case ObjectLit o -> Fold.object(new ObjectLit(all(o.keys(), s), all(o.values(), s), o.pos()));
      case Compr cp -> {
        Scope cs = new Scope(s);
        Names.names(cp.key(), cs.names);
        Names.names(cp.value(), cs.names);
        Set<Integer> bound = new HashSet<>();
        Body body = body(cp.body(), cs, bound);
        Term key = cp.key() == null ? null : resolve(cp.key(), cs);
        Term value = resolve(cp.value(), cs);
        checkSafe(key, cs, bound);
        checkSafe(value, cs, bound);
        yield new Compr(cp.kind(), key, value, body, cp.pos());
      }
      case Call call -> call(call, s, false);
      case Bin b -> new Bin(b.op(), resolve(b.left(), s), resolve(b.right(), s), b.pos());
      case Neg n -> new Neg(resolve(n.operand(), s), n.pos());
      case Member mb -> new Member(mb.key() == null ? null : resolve(mb.key(), s), resolve(mb.value(), s),
          resolve(mb.coll(), s), mb.pos());
      case Assign a -> new Assign(resolve(a.lhs(), s), resolve(a.rhs(), s), a.pos());
      case Unify u -> new Unify(resolve(u.lhs(), s), resolve(u.rhs(), s), u.pos());
      default -> t;
    };
  }

  private Term call(Call call, Scope s, boolean allowOut) throws PolicyException {
    Callee callee = c.callee(call.name(), m, call.pos());
    Term[] args = all(call.args(), s);
    Term out = null;
    int arity = callee.arity();
    if (arity >= 0 && args.length != arity) {
      if (args.length == arity + 1 && allowOut) {
        out = args[arity];
        args = java.util.Arrays.copyOf(args, arity);
      } else {
        throw Compiler.err("`" + call.name() + "` expects " + arity + " argument" + (arity == 1 ? "" : "s")
            + ", got " + args.length, call.pos());
      }
    }
    return new CallC(callee, args, out, call.pos());
  }

  /** Binds a data reference to the rule its static prefix names, when there is one. */
  private Term ruleRef(Ref r) {
    if (!(r.head() instanceof DataRoot)) {
      return r;
    }
    Program.Node n = c.root;
    for (int i = 0; i < r.path().length; i++) {
      if (!(r.path()[i] instanceof Scalar sc && sc.value() instanceof Value.Str str)) {
        return r;
      }
      n = n.children.get(str.value());
      if (n == null) {
        return r;
      }
      if (n.rules != null) {
        if (n.rules.isFunction() || !n.children.isEmpty()) {
          return r;
        }
        Term[] rest = java.util.Arrays.copyOfRange(r.path(), i + 1, r.path().length);
        return new RuleRef(n.rules, rest, r, r.pos());
      }
    }
    return r;
  }

  private Term[] all(Term[] ts, Scope s) throws PolicyException {
    Term[] out = new Term[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = resolve(ts[i], s);
    }
    return out;
  }

  private Term resolveName(String n, Scope s, Pos pos) {
    for (Scope x = s; x != null; x = x.parent) {
      if (x.declared.contains(n)) {
        return new Local(n, slot(x, n), pos);
      }
    }
    if (n.equals("input")) {
      return new InputRoot(pos);
    }
    if (n.equals("data")) {
      return new DataRoot(pos);
    }
    if (m != null) {
      for (Import imp : m.imports()) {
        String root = imp.path().get(0);
        if (Compiler.alias(imp).equals(n) && (root.equals("data") || root.equals("input"))) {
          Term head = root.equals("data") ? new DataRoot(pos) : new InputRoot(pos);
          if (imp.path().size() == 1) {
            return head;
          }
          return new Ref(head, scalars(imp.path().subList(1, imp.path().size()), pos), pos);
        }
      }
      if (c.rulesOf(m.pkg()).contains(n)) {
        List<String> path = new ArrayList<>(m.pkg().subList(1, m.pkg().size()));
        path.add(n);
        return ruleRef(new Ref(new DataRoot(pos), scalars(path, pos), pos));
      }
    }
    Scope target = s;
    for (Scope x = s; x != null; x = x.parent) {
      if (x.names.contains(n)) {
        target = x;
      }
    }
    return new Local(n, slot(target, n), pos);
  }

  private static Term[] scalars(List<String> path, Pos pos) {
    Term[] out = new Term[path.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Scalar(Value.str(path.get(i)), pos);
    }
    return out;
  }

  private int slot(Scope s, String name) {
    Integer i = s.vars.get(name);
    if (i == null) {
      i = newSlot(s, name);
      s.vars.put(name, i);
    }
    return i;
  }

  private int newSlot(Scope s, String name) {
    slotNames.add(name);
    slotOwner.add(s);
    return slotNames.size() - 1;
  }

  Scope owner(int slot) {
    return slotOwner.get(slot);
  }

  String slotName(int slot) {
    return slotNames.get(slot);
  }

  private void checkSafe(Term t, Scope s, Set<Integer> bound) throws PolicyException {
    if (t == null) {
      return;
    }
    List<Local> unsafe = new ArrayList<>();
    Set<Integer> iterating = new HashSet<>();
    Terms.walk(t, x -> {
      if (x instanceof Ref r) {
        for (Term e : r.path()) {
          if (e instanceof Local l) {
            iterating.add(l.slot());
          }
        }
      }
    });
    Terms.walk(t, x -> {
      if (x instanceof Local l && owner(l.slot()) == s && !bound.contains(l.slot()) && !iterating.contains(l.slot())) {
        unsafe.add(l);
      }
    });
    if (!unsafe.isEmpty()) {
      Local l = unsafe.get(0);
      throw Compiler.err("var " + l.name() + " is unsafe", l.pos());
    }
  }


}
