package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Num;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.Local;
import dev.claviger.policy.internal.rego.Ast.Term;
import dev.claviger.policy.internal.rego.TermEval.VK;
import dev.claviger.policy.internal.rego.Program.Node;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * References into {@code data}: the base document merged with rule values (virtual documents)
 * and {@code with} overrides. Rule values are computed on demand and memoised per context.
 */
final class DataTree {
  private final TermEval ev;

  DataTree(TermEval ev) {
    this.ev = ev;
  }

  Value root() throws PolicyException {
    return materialise(ev.core.root());
  }

  boolean ref(Term[] path, Value[] f, VK k) throws PolicyException {
    return node(ev.core.root(), path, 0, f, k);
  }

  private boolean node(Node n, Term[] path, int i, Value[] f, VK k) throws PolicyException {
    if (!ev.ctx.dataOverrides.isEmpty()) {
      Value ov = exactOverride(n.path);
      if (ov != null) {
        return ev.walk(ov, path, i, f, k);
      }
    }
    if (n.rules != null) {
      Value v = valueOf(n);
      return v == null || ev.walk(v, path, i, f, k);
    }
    if (i == path.length) {
      return k.accept(materialise(n));
    }
    Term e = path[i];
    if (e instanceof Local l && f[l.slot()] == null) {
      TreeSet<Value> keys = new TreeSet<>();
      for (Map.Entry<String, Node> c : n.children.entrySet()) {
        if (c.getValue().hasValueRules()) {
          keys.add(Value.str(c.getKey()));
        }
      }
      Value base = docAt(n.path);
      if (base instanceof Value.Obj o) {
        keys.addAll(o.map().keySet());
      }
      for (Value key : keys) {
        f[l.slot()] = key;
        try {
          if (!step(n, key, path, i, f, k)) {
            return false;
          }
        } finally {
          f[l.slot()] = null;
        }
      }
      return true;
    }
    return ev.gen(e, f, key -> step(n, key, path, i, f, k));
  }

  private boolean step(Node n, Value key, Term[] path, int i, Value[] f, VK k) throws PolicyException {
    String s = key instanceof Value.Str str ? str.value() : key instanceof Num num ? num.toString() : null;
    Node child = s == null ? null : n.children.get(s);
    if (child != null && (child.hasValueRules() || !ev.ctx.dataOverrides.isEmpty())) {
      return node(child, path, i + 1, f, k);
    }
    Value base = docAt(n.path);
    if (base == null) {
      return true;
    }
    Value next = Ops.lookup(base, key);
    if (next == null && key instanceof Num && s != null) {
      next = Ops.lookup(base, Value.str(s));
    }
    return next == null || ev.walk(next, path, i + 1, f, k);
  }

  private Value valueOf(Node n) throws PolicyException {
    if (n.rules.isFunction()) {
      return null;
    }
    if (ev.core.baseShadowsRules()) {
      // A base document at a rule's path takes precedence over the rule, as in regorus.
      Value base = docAt(n.path);
      if (base != null) {
        return base;
      }
    }
    Value v = Rules.value(ev, n.rules);
    if (!n.children.isEmpty() && (v == null || v instanceof Value.Obj)) {
      Value kids = materialiseChildren(n, v == null ? new TreeMap<>() : new TreeMap<>(((Value.Obj) v).map()));
      v = v == null && ((Value.Obj) kids).size() == 0 ? null : kids;
    }
    return v == null ? null : patch(n.path, v);
  }

  private Value materialise(Node n) throws PolicyException {
    if (!ev.ctx.dataOverrides.isEmpty()) {
      Value ov = exactOverride(n.path);
      if (ov != null) {
        return ov;
      }
    }
    if (n.rules != null) {
      return valueOf(n);
    }
    Value base = docAt(n.path);
    if (base != null && !(base instanceof Value.Obj) && n.children.isEmpty()) {
      return base;
    }
    TreeMap<Value, Value> m = base instanceof Value.Obj o ? new TreeMap<>(o.map()) : new TreeMap<>();
    return materialiseChildren(n, m);
  }

  private Value materialiseChildren(Node n, TreeMap<Value, Value> m) throws PolicyException {
    for (Map.Entry<String, Node> c : n.children.entrySet()) {
      if (!c.getValue().hasValueRules()) {
        continue;
      }
      Value v = materialise(c.getValue());
      Value key = Value.str(c.getKey());
      if (v != null) {
        Value prev = m.get(key);
        m.put(key, prev instanceof Value.Obj po && v instanceof Value.Obj vo ? merge(po, vo) : v);
      }
    }
    return Value.ownObject(m);
  }

  private static Value merge(Value.Obj a, Value.Obj b) {
    TreeMap<Value, Value> m = new TreeMap<>(a.map());
    for (Map.Entry<Value, Value> e : b.map().entrySet()) {
      Value prev = m.get(e.getKey());
      m.put(e.getKey(), prev instanceof Value.Obj po && e.getValue() instanceof Value.Obj vo ? merge(po, vo) : e.getValue());
    }
    return Value.ownObject(m);
  }

  /** The base document at a path, with overrides beneath it applied. */
  private Value docAt(List<String> path) {
    Value v = ev.core.baseData();
    for (String s : path) {
      if (!(v instanceof Value.Obj o)) {
        v = null;
        break;
      }
      v = o.get(s);
    }
    return patch(path, v);
  }

  private Value patch(List<String> path, Value v) {
    for (Map.Entry<List<String>, Value> e : ev.ctx.dataOverrides) {
      List<String> p = e.getKey();
      if (p.size() > path.size() && Ctx.startsWith(p, path)) {
        v = Ctx.setPath(v, p.subList(path.size(), p.size()), 0, e.getValue());
      } else if (p.equals(path)) {
        v = e.getValue();
      }
    }
    return v;
  }

  private Value exactOverride(List<String> path) {
    Value out = null;
    for (Map.Entry<List<String>, Value> e : ev.ctx.dataOverrides) {
      if (e.getKey().size() <= path.size() && Ctx.startsWith(path, e.getKey())) {
        Value v = e.getValue();
        for (String s : path.subList(e.getKey().size(), path.size())) {
          v = v instanceof Value.Obj o ? o.get(s) : null;
        }
        out = v == null ? Ctx.UNDEFINED : v;
      }
    }
    return out == Ctx.UNDEFINED ? null : out;
  }
}
