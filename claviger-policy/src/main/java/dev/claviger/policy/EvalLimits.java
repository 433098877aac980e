package dev.claviger.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits for one query evaluation. Exceeding one fails the evaluation with a
 * {@link PolicyException.Kind#LIMIT} error.
 *
 * @param maxSteps evaluation steps (expression evaluations); {@code Long.MAX_VALUE} for none
 * @param maxTime wall time per evaluation
 * @param maxDepth nesting depth of rule and function calls
 */
public record EvalLimits(long maxSteps, Duration maxTime, int maxDepth) {
  /** Defaults suited to untrusted policies on a server. */
  public static final EvalLimits DEFAULT = new EvalLimits(10_000_000, Duration.ofSeconds(5), 512);

  public EvalLimits {
    Objects.requireNonNull(maxTime, "maxTime");
    if (maxSteps <= 0 || maxDepth <= 0 || maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
