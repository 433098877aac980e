package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.policy.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.assertj.core.api.AbstractThrowableAssert;

/** Calls builtins through the SPI with a deterministic context. */
abstract class BuiltinTestSupport {
  /** 2023-12-24T18:58:45.73439Z. */
  static final long NOW = 1703444325734390000L;

  static final class TestContext implements BuiltinContext {
    private final Random random = new Random(42);
    private final Map<Object, Object> cache = new HashMap<>();

    @Override public long nowNanos() {
      return NOW;
    }

    @Override public RandomGenerator random() {
      return random;
    }

    @Override public Map<Object, Object> queryCache() {
      return cache;
    }
  }

  TestContext ctx = new TestContext();

  /** Parses JSON text into a value (test convenience). */
  static Value v(String json) {
    Value parsed = JsonText.parseOrNull(json);
    assertThat(parsed).as("test literal %s", json).isNotNull();
    return parsed;
  }

  static Value s(String text) {
    return Value.str(text);
  }

  static Value n(long x) {
    return Value.num(x);
  }

  static Value set(Value... items) {
    return Value.set(List.of(items));
  }

  Value call(String name, Value... args) throws BuiltinError {
    BuiltinSpec spec = StandardBuiltins.all().get(name);
    assertThat(spec).as("builtin %s registered", name).isNotNull();
    assertThat(args).as("arity of %s", name).hasSize(spec.arity());
    return spec.function().call(args, ctx);
  }

  AbstractThrowableAssert<?, ? extends Throwable> assertError(String name, Value... args) {
    return assertThatThrownBy(() -> call(name, args)).isInstanceOf(BuiltinError.class);
  }
}
