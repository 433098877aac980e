package dev.claviger.policy.internal.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.internal.rego.Ast.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParserTest {
  @Test
  void parseModule_v1Rules_buildsHeadsAndBodies() throws Exception {
    RegoModule m = Parser.parseModule("m.rego", """
        package a.b
        import rego.v1
        import data.lib.util as u
        default allow := false
        allow if { input.x == 1 }
        s contains x if some x in input.xs
        f(x) := y if { y := x + 1 } else := 0
        o[k] := v if { some k, v in input.m }
        """, false);
    assertThat(m.pkg()).containsExactly("data", "a", "b");
    assertThat(m.v1()).isTrue();
    assertThat(m.imports()).hasSize(2);
    assertThat(m.rules()).hasSize(5);
    assertThat(m.rules().get(0).isDefault()).isTrue();
    assertThat(m.rules().get(2).head().element()).isNotNull();
    assertThat(m.rules().get(3).head().args()).hasSize(1);
    assertThat(m.rules().get(3).elses()).hasSize(1);
    assertThat(m.rules().get(4).head().path()).hasSize(1);
  }

  @Test
  void parseModule_v0PartialSet_isSetRule() throws Exception {
    RegoModule m = Parser.parseModule("m.rego", "package p\nq[x] { x := 1 }\nold.style { true }", false);
    assertThat(m.rules().get(0).head().element()).isInstanceOf(Var.class);
    assertThat(m.rules().get(1).head().element()).isInstanceOf(Scalar.class);
  }

  @Test
  void parseQuery_operatorPrecedence_multiplicationBindsTighter() throws Exception {
    Body b = Parser.parseQuery("x := 1 + 2 * 3 == 7");
    Assign a = (Assign) ((ExprLit) b.lits().get(0)).term();
    Bin eq = (Bin) a.rhs();
    assertThat(eq.op()).isEqualTo(Op.EQ);
    assertThat(((Bin) eq.left()).op()).isEqualTo(Op.ADD);
  }

  @Test
  void parseQuery_stringEscapes_areDecoded() throws Exception {
    Body b = Parser.parseQuery("\"a\\n\\u0041\\\"\"");
    Scalar s = (Scalar) ((ExprLit) b.lits().get(0)).term();
    assertThat(s.value()).isEqualTo(dev.claviger.policy.Value.str("a\nA\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "package",
      "package p\nr := ",
      "package p\nr := [1, 2",
      "package p\nr := {\"a\": }",
      "package p\nr := \"unterminated",
      "package p\nr := `raw",
      "package p\nr := 1e",
      "package p\nr := 12abc",
      "package p\nr if { x := 1 ",
      "package p\nr := \"\\q\"",
      "package p\nr := \"\\u12\"",
      "package p\nr := - x",
      "package p\nr := 1 ~ 2",
      "package p\nimport foo.bar",
      "package p\nimport rego.v1\nimport rego.v1",
      "package p\nr\n",
      "package p\nallow { true }",
      "x := 1",
      "package p\nr := f(1,",
      "package p\nr := [x | ]",
      "package p\nr := 1e99999999999",
      "package p\nr := 1e999",
  })
  void parseModule_malformed_throwsParseError(String src) {
    assertThatThrownBy(() -> Parser.parseModule("bad.rego", src, true))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.kind()).isEqualTo(PolicyException.Kind.PARSE);
          assertThat(e.file()).isEqualTo("bad.rego");
          assertThat(e.line()).isPositive();
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]]", "1 2", "", "x :=", "some", "not"})
  void parseQuery_malformed_throwsParseError(String q) {
    assertThatThrownBy(() -> Parser.parseQuery(q)).isInstanceOf(PolicyException.class);
  }

  @Test
  void parseQuery_hugeExponentInteger_isBoundedNotMaterialised() throws Exception {
    Body b = Parser.parseQuery("1e300");
    Scalar s = (Scalar) ((ExprLit) b.lits().get(0)).term();
    assertThat(s.value().toString()).hasSize(301);
  }

  @Test
  void parseQuery_deepNesting_isRejectedNotStackOverflow() {
    String q = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> Parser.parseQuery(q))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage()).contains("nesting"));
  }
}
