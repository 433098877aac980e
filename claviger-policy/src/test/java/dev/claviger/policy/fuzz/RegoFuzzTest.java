package dev.claviger.policy.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.claviger.policy.EvalLimits;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Only typed {@link PolicyException}s may escape the engine, whatever the policy text or the
 * input. In normal test runs Jazzer replays the seed corpus only.
 */
class RegoFuzzTest {
  private static final EvalLimits LIMITS = new EvalLimits(100_000, Duration.ofSeconds(2), 64);

  private static final String POLICY = """
      package fuzz
      import rego.v1
      default allow := false
      allow if {
        input.user.role in {"admin", "ops"}
        count(input.items) < 10
        every i in input.items { i.size <= 100 }
      }
      names contains n if { some item in input.items; n := lower(item.name) }
      total := sum([x.size | some x in input.items])
      ratio := total / count(input.items)
      tags[k] := v if { some k, v in input.tags; startswith(k, "t") }
      """;

  private static final PolicyEngine FIXED;

  static {
    try {
      FIXED = PolicyEngine.builder().module("fuzz.rego", POLICY).limits(LIMITS).build();
    } catch (PolicyException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void parseAndCompile_arbitraryText_onlyTypedErrors(FuzzedDataProvider data) {
    boolean v1 = data.consumeBoolean();
    String src = data.consumeRemainingAsString();
    try {
      PolicyEngine e = PolicyEngine.builder().module("f.rego", src)
          .regoVersion(v1 ? RegoVersion.V1 : RegoVersion.V0).limits(LIMITS).build();
      e.prepare("data");
      e.evalRule("data", Value.EMPTY_OBJECT);
    } catch (PolicyException expected) {
      // the only permitted failure
    }
  }

  @FuzzTest(maxDuration = "60s")
  void evaluate_randomInput_onlyTypedErrors(FuzzedDataProvider data) {
    Value input = randomValue(data, 4);
    for (String rule : List.of("allow", "names", "total", "ratio", "tags")) {
      try {
        FIXED.evalRule("data.fuzz." + rule, input);
      } catch (PolicyException expected) {
        // the only permitted failure
      }
    }
  }

  private static Value randomValue(FuzzedDataProvider d, int depth) {
    int kind = d.consumeInt(0, depth <= 0 ? 4 : 7);
    return switch (kind) {
      case 0 -> Value.NULL;
      case 1 -> Value.bool(d.consumeBoolean());
      case 2 -> Value.num(d.consumeLong());
      case 3 -> dev.claviger.policy.Num.of(d.consumeRegularDouble());
      case 4 -> Value.str(d.consumeString(16));
      case 5 -> {
        List<Value> items = new ArrayList<>();
        int n = d.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
          items.add(randomValue(d, depth - 1));
        }
        yield Value.array(items);
      }
      default -> {
        TreeMap<Value, Value> m = new TreeMap<>();
        String[] keys = {"user", "role", "items", "size", "name", "tags", "t1", "x"};
        int n = d.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
          m.put(Value.str(d.pickValue(keys)), randomValue(d, depth - 1));
        }
        yield Value.object(m);
      }
    };
  }
}
