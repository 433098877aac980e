package dev.claviger.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Value json(String s) throws Exception {
    return Value.fromJson(JSON.readTree(s));
  }

  static PolicyEngine engine(String src) throws PolicyException {
    return PolicyEngine.builder().module("p.rego", src).build();
  }

  static Optional<Value> rule(String src, String ref, String input) throws Exception {
    return engine(src).evalRule(ref, input == null ? null : json(input));
  }

  @Test
  void evalRule_completeRuleWithElse_returnsElseValue() throws Exception {
    String src = """
        package policy
        x := 1 if { input.a == 1 } else := 2 if { input.a == 2 } else := 3
        """;
    assertThat(rule(src, "data.policy.x", "{\"a\":1}")).contains(Value.num(1));
    assertThat(rule(src, "data.policy.x", "{\"a\":2}")).contains(Value.num(2));
    assertThat(rule(src, "data.policy.x", "{\"a\":9}")).contains(Value.num(3));
  }

  @Test
  void evalRule_undefinedRule_isEmptyAndDefaultApplies() throws Exception {
    String src = """
        package policy
        default allow := false
        allow if input.user == "admin"
        deny if input.user == "eve"
        """;
    assertThat(rule(src, "data.policy.allow", "{\"user\":\"bob\"}")).contains(Value.FALSE);
    assertThat(rule(src, "data.policy.deny", "{\"user\":\"bob\"}")).isEmpty();
    assertThat(rule(src, "data.policy.missing", "{}")).isEmpty();
  }

  @Test
  void evalRule_partialSetAndObject_collectAllSolutions() throws Exception {
    String src = """
        package p
        names contains n if some n in input.xs
        byname[n] := count(n) if some n in input.xs
        """;
    assertThat(rule(src, "data.p.names", "{\"xs\":[\"b\",\"a\",\"b\"]}"))
        .contains(Value.set(List.of(Value.str("a"), Value.str("b"))));
    assertThat(rule(src, "data.p.byname", "{\"xs\":[\"ab\",\"c\"]}")).contains(json("{\"ab\":2,\"c\":1}"));
  }

  @Test
  void evalRule_functionsWithSeveralDefinitions_agreeOrConflict() throws Exception {
    String ok = """
        package p
        f(x) := "neg" if x < 0
        f(x) := "pos" if x > 0
        f(0) := "zero"
        r := [f(-1), f(0), f(2)]
        """;
    assertThat(rule(ok, "data.p.r", null)).contains(json("[\"neg\",\"zero\",\"pos\"]"));
    String conflict = """
        package p
        f(x) := 1 if x > 0
        f(x) := 2 if x > 1
        r := f(5)
        """;
    assertThatThrownBy(() -> rule(conflict, "data.p.r", null))
        .isInstanceOf(PolicyException.class)
        .extracting(e -> ((PolicyException) e).kind()).isEqualTo(PolicyException.Kind.EVAL);
  }

  @Test
  void evalRule_everyAndNot_followOpaSemantics() throws Exception {
    String src = """
        package p
        all_pos if every x in input.xs { x > 0 }
        none_neg if not any_neg
        any_neg if { some x in input.xs; x < 0 }
        """;
    assertThat(rule(src, "data.p.all_pos", "{\"xs\":[1,2]}")).contains(Value.TRUE);
    assertThat(rule(src, "data.p.all_pos", "{\"xs\":[1,-2]}")).isEmpty();
    assertThat(rule(src, "data.p.all_pos", "{\"xs\":[]}")).contains(Value.TRUE);
    assertThat(rule(src, "data.p.none_neg", "{\"xs\":[1,-2]}")).isEmpty();
    assertThat(rule(src, "data.p.none_neg", "{}")).contains(Value.TRUE);
  }

  @Test
  void evalRule_withModifiers_replaceInputDataAndFunctions() throws Exception {
    String src = """
        package p
        a := input.x + data.base.y
        b := v if { v := a with input.x as 10 with data.base.y as 5 }
        c := v if { v := lower("ABC") with lower as upper }
        d := v if { v := f(1) with f as 7 }
        f(x) := x
        """;
    PolicyEngine e = PolicyEngine.builder().module("p.rego", src).data(json("{\"base\":{\"y\":1}}")).build();
    Value in = json("{\"x\":1}");
    assertThat(e.evalRule("data.p.a", in)).contains(Value.num(2));
    assertThat(e.evalRule("data.p.b", in)).contains(Value.num(15));
    assertThat(e.evalRule("data.p.c", in)).contains(Value.str("ABC"));
    assertThat(e.evalRule("data.p.d", in)).contains(Value.num(7));
  }

  @Test
  void evalRule_membershipOnNonCollection_isFalseNotError() throws Exception {
    String src = """
        package p
        r := x if { x := "a" in input.v }
        cmp := 4 >= null
        """;
    assertThat(rule(src, "data.p.r", "{\"v\":null}")).contains(Value.FALSE);
    assertThat(rule(src, "data.p.cmp", null)).contains(Value.TRUE);
  }

  @Test
  void evalRule_packageDocument_containsDefinedRulesOnly() throws Exception {
    String src = """
        package p
        a := 1
        b if false
        f(x) := x
        """;
    assertThat(rule(src, "data.p", null)).contains(json("{\"a\":1}"));
  }

  @Test
  void hostFunction_isCalledAndClashesAreRejected() throws Exception {
    PolicyEngine e = PolicyEngine.builder()
        .module("p.rego", "package p\nr := query_reference_value(\"k\")")
        .hostFunction("query_reference_value", 1, args -> Value.str("v:" + ((Value.Str) args.get(0)).value()))
        .build();
    assertThat(e.evalRule("data.p.r", null)).contains(Value.str("v:k"));
    assertThatThrownBy(() -> PolicyEngine.builder().hostFunction("count", 1, args -> Value.NULL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_unknownFunction_isCompileErrorWithPosition() {
    assertThatThrownBy(() -> engine("package p\n\nr := nosuch(1)"))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.kind()).isEqualTo(PolicyException.Kind.COMPILE);
          assertThat(e.file()).isEqualTo("p.rego");
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(6);
        });
  }

  @Test
  void build_unsafeVariable_isCompileError() {
    assertThatThrownBy(() -> engine("package p\nr if { x > 1 }"))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.kind()).isEqualTo(PolicyException.Kind.COMPILE);
          assertThat(e.getMessage()).contains("var x is unsafe").contains("p.rego:2:");
        });
  }

  @Test
  void build_recursiveRules_isCompileError() {
    assertThatThrownBy(() -> engine("package p\na if b\nb if a"))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage()).contains("recursion"));
  }

  @Test
  void build_v0SyntaxInV1Mode_isParseErrorButV0ModeAccepts() throws Exception {
    String v0 = "package p\nallow { input.x == 1 }";
    assertThatThrownBy(() -> engine(v0)).isInstanceOf(PolicyException.class)
        .extracting(e -> ((PolicyException) e).kind()).isEqualTo(PolicyException.Kind.PARSE);
    PolicyEngine e = PolicyEngine.builder().module("p.rego", v0).regoVersion(RegoVersion.V0).build();
    assertThat(e.evalRule("data.p.allow", json("{\"x\":1}"))).contains(Value.TRUE);
  }

  @Test
  void eval_stepLimit_raisesLimitError() throws Exception {
    PolicyEngine e = PolicyEngine.builder()
        .module("p.rego", "package p\nr := count([x | some x in numbers.range(1, 100000)])")
        .limits(new EvalLimits(1000, Duration.ofSeconds(10), 100))
        .build();
    assertThatThrownBy(() -> e.evalRule("data.p.r", null))
        .isInstanceOfSatisfying(PolicyException.class, x -> assertThat(x.kind()).isEqualTo(PolicyException.Kind.LIMIT));
  }

  @Test
  void eval_depthLimit_raisesLimitError() throws Exception {
    StringBuilder src = new StringBuilder("package p\nf0(x) := x\n");
    for (int i = 1; i < 20; i++) {
      src.append("f").append(i).append("(x) := f").append(i - 1).append("(x)\n");
    }
    src.append("r := f19(1)\n");
    PolicyEngine e = PolicyEngine.builder().module("p.rego", src.toString())
        .limits(new EvalLimits(1_000_000, Duration.ofSeconds(10), 5)).build();
    assertThatThrownBy(() -> e.evalRule("data.p.r", null))
        .isInstanceOfSatisfying(PolicyException.class, x -> assertThat(x.kind()).isEqualTo(PolicyException.Kind.LIMIT));
  }

  @Test
  void eval_builtinErrorStrictVersusLax_abortsOrIsUndefined() throws Exception {
    String src = "package p\nr := to_number(\"x\")";
    assertThatThrownBy(() -> engine(src).evalRule("data.p.r", null)).isInstanceOf(PolicyException.class);
    PolicyEngine lax = PolicyEngine.builder().module("p.rego", src).strictBuiltinErrors(false).build();
    assertThat(lax.evalRule("data.p.r", null)).isEmpty();
  }

  @Test
  void eval_timeNow_usesInjectedClockAndIsStableWithinQuery() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    PolicyEngine e = PolicyEngine.builder().module("p.rego", "package p\nr := [time.now_ns(), time.now_ns()]")
        .clock(clock).build();
    long ns = Instant.parse("2024-01-02T03:04:05Z").getEpochSecond() * 1_000_000_000L;
    assertThat(e.evalRule("data.p.r", null)).contains(Value.array(Value.num(ns), Value.num(ns)));
  }

  @Test
  void print_formatsLikeRegorus() throws Exception {
    List<String> lines = new ArrayList<>();
    PolicyEngine e = PolicyEngine.builder()
        .module("m.rego", "package p\nr if {\n  print(\"hi\", [1, \"a\"], {\"k\": {1}}, input.nope)\n}").build();
    e.evalRule("data.p.r", Value.EMPTY_OBJECT, lines::add);
    assertThat(lines).containsExactly("m.rego:3: hi [1, \"a\"] {\"k\": {1}} <undefined>");
  }

  @Test
  void prepare_queryWithBindings_returnsEachSolution() throws Exception {
    PolicyEngine e = engine("package p\nxs := [1, 2, 3]");
    QueryResult r = e.prepare("x := data.p.xs[_]; x > 1").eval(null);
    assertThat(r.solutions()).extracting(s -> s.bindings().get("x")).containsExactly(Value.num(2), Value.num(3));
  }

  @Test
  void preparedQuery_concurrentEvaluation_isThreadSafe() throws Exception {
    PolicyEngine e = engine("package p\nr := sum([x | some x in input.xs])");
    PolicyEngine.PreparedQuery q = e.prepare("data.p.r");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Value>> fs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        fs.add(pool.submit(() -> q.eval(json("{\"xs\":[" + n + ", 1]}")).firstValue().orElseThrow()));
      }
      for (int i = 0; i < fs.size(); i++) {
        assertThat(fs.get(i).get()).isEqualTo(Value.num(i + 1));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
