package dev.claviger.policy.internal.builtins;

import java.util.Map;
import java.util.random.RandomGenerator;

/** Per-query state a builtin may use. One instance per query evaluation; not thread-safe. */
public interface BuiltinContext {
  /** Wall-clock time in ns since the epoch, fixed for the whole query ({@code time.now_ns}). */
  long nowNanos();

  /** Randomness for {@code rand.intn}, {@code uuid.rfc4122}. */
  RandomGenerator random();

  /**
   * A cache that lives for one query, so that {@code rand.intn} and {@code uuid.rfc4122} give the
   * same result for the same arguments within a query.
   */
  Map<Object, Object> queryCache();
}
