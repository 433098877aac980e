package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/** graph.reachable and graph.reachable_paths over an adjacency object {node: array/set of nodes}. */
final class Graph {
  /** Path enumeration is exponential in the worst case; this caps the number of paths. */
  static final int MAX_PATHS = 100_000;

  private Graph() {}

  static void register(Registry r) {
    r.add("graph.reachable", 2, (a, c) -> {
      Value.Obj g = Args.obj("graph.reachable", a, 0);
      TreeSet<Value> seen = new TreeSet<>();
      Deque<Value> todo = new ArrayDeque<>(Args.members("graph.reachable", a, 1, "array/set argument"));
      while (!todo.isEmpty()) {
        Value node = todo.pop();
        if (g.get(node) == null || !seen.add(node)) {
          continue;
        }
        todo.addAll(edges(g, node));
      }
      return Value.ownSet(seen);
    });
    r.add("graph.reachable_paths", 2, (a, c) -> {
      Value.Obj g = Args.obj("graph.reachable_paths", a, 0);
      TreeSet<Value> paths = new TreeSet<>();
      TreeSet<Value> reached = new TreeSet<>();
      for (Value start : Args.members("graph.reachable_paths", a, 1, "array/set argument")) {
        walk(g, start, new ArrayList<>(), paths, reached);
      }
      return Value.ownSet(paths);
    });
  }

  private static List<Value> edges(Value.Obj g, Value node) {
    return switch (g.get(node)) {
      case Value.Arr arr -> arr.items();
      case Value.SetV s -> List.copyOf(s.items());
      case null, default -> List.of();
    };
  }

  /**
   * OPA's path builder: depth-first from {@code node}; a path is recorded at a leaf, at an edge to
   * an already reached node, or at an edge to a node missing from the graph.
   */
  private static void walk(Value.Obj g, Value node, List<Value> path, TreeSet<Value> out, TreeSet<Value> reached)
      throws BuiltinError {
    if (out.size() > MAX_PATHS) {
      throw new BuiltinError("`graph.reachable_paths`: more than " + MAX_PATHS + " paths");
    }
    if (g.get(node) == null) {
      if (!path.isEmpty()) {
        out.add(Value.array(path));
      }
      return;
    }
    List<Value> here = new ArrayList<>(path);
    here.add(node);
    reached.add(node);
    boolean extended = false;
    for (Value next : edges(g, node)) {
      if (reached.contains(next)) {
        out.add(Value.array(here));
      } else {
        extended = true;
        walk(g, next, here, out, reached);
      }
    }
    if (!extended) {
      out.add(Value.array(here));
    }
  }
}
