package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;

/** The {@code walk} builtin: every [path, value] pair of a document, pre-order. */
final class Walk {
  private Walk() {}

  interface PV {
    boolean accept(Value path, Value v) throws PolicyException;
  }

  static boolean walk(Value root, PV k) throws PolicyException {
    return rec(new ArrayList<>(), root, k);
  }

  private static boolean rec(List<Value> path, Value v, PV k) throws PolicyException {
    if (!k.accept(Value.array(path), v)) {
      return false;
    }
    return TermEval.members(v, (key, child) -> {
      path.add(key);
      try {
        return rec(path, child, k);
      } finally {
        path.remove(path.size() - 1);
      }
    });
  }
}
