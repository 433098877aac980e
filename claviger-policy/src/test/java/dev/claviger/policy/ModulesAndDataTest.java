package dev.claviger.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Module sets: imports across packages, virtual documents, base data and {@code with data}. */
class ModulesAndDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Value json(String s) throws Exception {
    return Value.fromJson(JSON.readTree(s));
  }

  @Test
  void imports_aliasAcrossPackages_resolveRulesAndFunctions() throws Exception {
    PolicyEngine e = PolicyEngine.builder()
        .module("lib.rego", "package lib.util\ndouble(x) := 2 * x\nlimit := 10")
        .module("main.rego", """
            package main
            import data.lib.util as u
            import input.request as req
            ok if u.double(req.n) < u.limit
            """)
        .build();
    assertThat(e.evalRule("data.main.ok", json("{\"request\":{\"n\":4}}"))).contains(Value.TRUE);
    assertThat(e.evalRule("data.main.ok", json("{\"request\":{\"n\":5}}"))).isEmpty();
  }

  @Test
  void virtualDocument_iterationOverPackage_bindsRuleNames() throws Exception {
    PolicyEngine e = PolicyEngine.builder().module("p.rego", "package p\na := 1\nb := 2").build();
    QueryResult r = e.prepare("data.p[k] = v").eval(null);
    assertThat(r.solutions()).extracting(s -> s.bindings().get("k")).containsExactly(Value.str("a"), Value.str("b"));
  }

  @Test
  void baseData_mergesWithRulesAndWinsAtTheSamePath() throws Exception {
    PolicyEngine e = PolicyEngine.builder()
        .module("p.rego", "package p\nr := 6\ns := 7")
        .data(json("{\"p\":{\"r\":0,\"extra\":true}}"))
        .build();
    assertThat(e.evalRule("data.p", null)).contains(json("{\"r\":0,\"s\":7,\"extra\":true}"));
    assertThat(e.evalRule("data.p.s", null)).contains(Value.num(7));
  }

  @Test
  void withData_replacesARuleForOneLiteralOnly() throws Exception {
    PolicyEngine e = PolicyEngine.builder().module("p.rego", """
        package p
        threshold := 5
        big(x) if x > threshold
        a if big(3) with data.p.threshold as 1
        b if big(3)
        """).build();
    assertThat(e.evalRule("data.p.a", null)).contains(Value.TRUE);
    assertThat(e.evalRule("data.p.b", null)).isEmpty();
  }

  @Test
  void conflictingCompleteRule_isEvalErrorWithPosition() throws Exception {
    PolicyEngine e = PolicyEngine.builder().module("p.rego", "package p\nr := x if { some x in [1, 2] }").build();
    assertThatThrownBy(() -> e.evalRule("data.p.r", null))
        .isInstanceOfSatisfying(PolicyException.class, x -> {
          assertThat(x.kind()).isEqualTo(PolicyException.Kind.EVAL);
          assertThat(x.file()).isEqualTo("p.rego");
          assertThat(x.line()).isEqualTo(2);
        });
  }

  @Test
  void build_deprecatedBuiltinInV1_isRejectedButAllowedInV0() throws Exception {
    assertThatThrownBy(() -> PolicyEngine.builder().module("p.rego", "package p\nr := any([true])").build())
        .isInstanceOf(PolicyException.class);
    PolicyEngine v0 = PolicyEngine.builder().module("p.rego", "package p\nr := any([true])")
        .regoVersion(RegoVersion.V0).build();
    assertThat(v0.evalRule("data.p.r", null)).contains(Value.TRUE);
  }
}
