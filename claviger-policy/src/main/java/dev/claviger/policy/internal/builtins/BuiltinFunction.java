package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;

/** Implementation of one builtin. */
@FunctionalInterface
public interface BuiltinFunction {
  /**
   * @param args argument values (never null: the evaluator does not call a builtin with an
   *     undefined argument)
   * @return the result, or {@code null} for undefined
   * @throws BuiltinError a type or domain error; strict mode aborts evaluation with it, non-strict
   *     mode turns the call undefined
   */
  Value call(Value[] args, BuiltinContext ctx) throws BuiltinError;
}
