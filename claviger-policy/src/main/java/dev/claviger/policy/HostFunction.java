package dev.claviger.policy;

import java.util.List;

/**
 * A builtin function supplied by the host application (for example the Attestation Service's
 * {@code query_reference_value(id)}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HostFunction {
  /**
   * Calls the function.
   *
   * @param args the argument values, never undefined
   * @return the result, or {@code null} for undefined
   * @throws PolicyException a type or runtime error (kind {@link PolicyException.Kind#BUILTIN})
   */
  Value apply(List<Value> args) throws PolicyException;
}
