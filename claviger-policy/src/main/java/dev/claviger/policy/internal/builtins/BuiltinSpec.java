package dev.claviger.policy.internal.builtins;

import java.util.Objects;

/**
 * A builtin's name, arity and implementation.
 *
 * @param name dotted name as written in Rego, e.g. {@code "object.get"}
 * @param arity number of arguments; {@code -1} for variadic (only {@code print})
 * @param deprecated rejected in Rego v1 modules (e.g. {@code any}, {@code re_match}, {@code cast_*})
 * @param function the implementation
 */
public record BuiltinSpec(String name, int arity, boolean deprecated, BuiltinFunction function) {
  public BuiltinSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
  }
}
