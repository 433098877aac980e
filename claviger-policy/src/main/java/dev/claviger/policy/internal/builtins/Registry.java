package dev.claviger.policy.internal.builtins;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects builtin specs; a duplicate name is a programming error. */
final class Registry {
  private final Map<String, BuiltinSpec> specs = new LinkedHashMap<>();

  void add(String name, int arity, BuiltinFunction fn) {
    put(new BuiltinSpec(name, arity, false, fn));
  }

  void deprecated(String name, int arity, BuiltinFunction fn) {
    put(new BuiltinSpec(name, arity, true, fn));
  }

  private void put(BuiltinSpec spec) {
    if (specs.putIfAbsent(spec.name(), spec) != null) {
      throw new IllegalStateException("duplicate builtin " + spec.name());
    }
  }

  Map<String, BuiltinSpec> build() {
    return Map.copyOf(specs);
  }
}
