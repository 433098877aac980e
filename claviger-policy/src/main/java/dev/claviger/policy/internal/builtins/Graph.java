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
  /** Caps the depth-first search itself, which can be exponential even when few paths result. */
  static final long MAX_VISITS = 2_000_000;

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
      long[] budget = {MAX_VISITS};
      for (Value start : Args.members("graph.reachable_paths", a, 1, "array/set argument")) {
        walk(g, start, new ArrayList<>(), paths, budget);
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
   * regorus' path enumeration: every simple path from {@code node}; a path is recorded at a leaf
   * (no or null neighbours), where it would revisit a node of the path, or at an edge to a node
   * missing from the graph (or to the empty string).
   */
  private static void walk(Value.Obj g, Value node, List<Value> path, TreeSet<Value> out, long[] budget)
      throws BuiltinError {
    if (out.size() > MAX_PATHS || --budget[0] < 0) {
      throw new BuiltinError("`graph.reachable_paths`: graph too large to enumerate paths");
    }
    Value edges = g.get(node);
    if (edges == null || Value.str("").equals(node) || path.contains(node)) {
      if (!path.isEmpty()) {
        out.add(Value.array(path));
      }
      return;
    }
    List<Value> next = switch (edges) {
      case Value.Arr arr -> arr.items();
      case Value.SetV set -> List.copyOf(set.items());
      case Value.Null n -> List.of();
      default -> throw new BuiltinError("`graph.reachable_paths`: neighbors for node `" + node + "` must be array/set.");
    };
    path.add(node);
    for (Value n : next) {
      walk(g, n, path, out, budget);
    }
    if (next.isEmpty()) {
      out.add(Value.array(path));
    }
    path.remove(path.size() - 1);
  }
}
