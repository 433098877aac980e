package dev.claviger.policy.internal.rego;

import dev.claviger.policy.EvalLimits;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Program.Node;
import java.time.Clock;

/**
 * The immutable compiled state shared by all evaluations of one engine.
 *
 * @param baseShadowsRules whether the base document has a value at some rule's path (then rule
 *     references must go through {@link DataTree}, where the base document wins)
 */
record Core(Node root, Value baseData, boolean strict, EvalLimits limits, Clock clock, boolean baseShadowsRules) {
  static boolean shadows(Node n, Value base) {
    if (base == null) {
      return false;
    }
    if (n.rules != null) {
      return true;
    }
    if (!(base instanceof Value.Obj o)) {
      return n.hasValueRules();
    }
    for (java.util.Map.Entry<String, Node> e : n.children.entrySet()) {
      if (shadows(e.getValue(), o.get(e.getKey()))) {
        return true;
      }
    }
    return false;
  }
}
