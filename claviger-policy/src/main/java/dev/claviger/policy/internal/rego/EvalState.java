package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.PrintSink;
import dev.claviger.policy.internal.builtins.BuiltinContext;
import dev.claviger.policy.internal.rego.Ast.Pos;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Per-evaluation counters, limits and builtin context. Not thread-safe: one per evaluation. */
final class EvalState implements BuiltinContext {
  private final long maxSteps;
  private final long deadline;
  private final int maxDepth;
  private final long nowNanos;
  private long steps;
  private int depth;
  private RandomGenerator random;
  private final Map<Object, Object> cache = new HashMap<>();
  final PrintSink sink;

  EvalState(Core core, PrintSink sink) {
    this.maxSteps = core.limits().maxSteps();
    this.maxDepth = core.limits().maxDepth();
    long budget = core.limits().maxTime().toNanos();
    long start = System.nanoTime();
    this.deadline = start + budget < start ? Long.MAX_VALUE : start + budget;
    java.time.Instant now = core.clock().instant();
    this.nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.sink = sink;
  }

  void step() throws PolicyException {
    if (++steps > maxSteps) {
      throw new PolicyException(PolicyException.Kind.LIMIT, "evaluation exceeded " + maxSteps + " steps");
    }
    if ((steps & 1023) == 0 && System.nanoTime() - deadline > 0) {
      throw new PolicyException(PolicyException.Kind.LIMIT, "evaluation exceeded its time limit");
    }
  }

  long steps() {
    return steps;
  }

  void enter(Pos pos) throws PolicyException {
    if (++depth > maxDepth) {
      depth--;
      throw new PolicyException(PolicyException.Kind.LIMIT, "evaluation exceeded call depth " + maxDepth,
          pos.file(), pos.line(), pos.col());
    }
  }

  void exit() {
    depth--;
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  @Override
  public RandomGenerator random() {
    if (random == null) {
      random = new SplittableRandom();
    }
    return random;
  }

  @Override
  public Map<Object, Object> queryCache() {
    return cache;
  }
}
