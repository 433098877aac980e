package dev.claviger.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded retries with exponential back-off. Applied only to failures that cannot have changed
 * server state: connection failures and 5xx answers. A 4xx is a decision and is never retried.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be 1..20, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** Five attempts, 250 ms doubling up to 4 s: for callers that want exponential back-off. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(4));
  }

  /** The RCAR handshake as upstream's client retries it: five attempts, one second apart. */
  public static RetryPolicy rcar() {
    return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  /** A resource GET as upstream's client retries it: three attempts, one second apart. */
  public static RetryPolicy resource() {
    return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  /** A single attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before attempt {@code attempt + 1}, where {@code attempt} starts at 1. */
  public Duration backoffAfter(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 30);
    Duration wait = initialBackoff.multipliedBy(factor);
    return wait.compareTo(maxBackoff) > 0 || wait.isNegative() ? maxBackoff : wait;
  }
}
