package dev.claviger.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a query: one entry per solution, in evaluation order. No entries means the
 * query is undefined.
 */
public record QueryResult(List<Solution> solutions) {
  public QueryResult {
    solutions = List.copyOf(solutions);
  }

  /**
   * One solution.
   *
   * @param bindings values of the query's named variables (not {@code _} or generated ones)
   * @param expressions value of each top-level expression of the query, in order
   */
  public record Solution(Map<String, Value> bindings, List<Value> expressions) {
    public Solution {
      bindings = Map.copyOf(bindings);
      expressions = List.copyOf(expressions);
    }
  }

  public boolean isUndefined() {
    return solutions.isEmpty();
  }

  /** The value of the first expression of the first solution, if any. */
  public Optional<Value> firstValue() {
    return solutions.isEmpty() || solutions.get(0).expressions().isEmpty()
        ? Optional.empty()
        : Optional.of(solutions.get(0).expressions().get(0));
  }
}
