package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class RegexGlobTest extends BuiltinTestSupport {
  private boolean matches(String re, String s) throws Exception {
    return ((Value.Bool) call("regex.match", s(re), s(s))).value();
  }

  @Test
  void match_isUnanchoredFind() throws Exception {
    assertThat(matches("b", "abc")).isTrue();
    assertThat(matches("^b", "abc")).isFalse();
    assertThat(matches("^[a-z0-9]{64}$", "a".repeat(64))).isTrue();
    assertThat(matches("^/var/log/pods/ns_name_[0-9a-f]{8}$", "/var/log/pods/ns_name_0123abcd")).isTrue();
  }

  @Test
  void match_dollarIsEndOfTextUnlessMultiline() throws Exception {
    assertThat(matches("^abc$", "abc\n")).isFalse();
    assertThat(matches("(?m)^abc$", "abc\nx")).isTrue();
    assertThat(matches("a.c", "a\nc")).isFalse();
    assertThat(matches("(?s)a.c", "a\nc")).isTrue();
  }

  @Test
  void match_re2SyntaxTranslations() throws Exception {
    assertThat(matches("(?P<year>\\d{4})-(?P<m>\\d\\d)", "x2024-01")).isTrue();
    assertThat(matches("^[[:alpha:]]+$", "abc")).isTrue();
    assertThat(matches("^[[:^digit:]x]+$", "abx")).isTrue();
    assertThat(matches("a\\z", "a")).isTrue();
    assertThat(matches("^a{,2}$", "a{,2}")).isTrue();
    assertThat(matches("[a&&b]", "&")).isTrue();
    assertThat(matches("^\\s$", "\u000b")).isFalse();
    assertThat(matches("\\pL", "é")).isTrue();
    assertThat(matches("\\p{Greek}", "λ")).isTrue();
    assertThat(matches("\\QA.B\\E", "A.B")).isTrue();
    assertThat(matches("\\QA.B\\E", "AxB")).isFalse();
  }

  @Test
  void isValid_rejectsNonRe2Constructs() throws Exception {
    for (String bad : new String[] {"(?=a)", "(?!a)", "(?<=a)b", "(a)\\1", "a++", "a*+", "(?>a)", "[a", "(", "a{1001}", "\\Z", "(?U)a"}) {
      assertThat(call("regex.is_valid", s(bad))).as(bad).isEqualTo(Value.FALSE);
    }
    assertThat(call("regex.is_valid", s("^a+?b*(c|d)$"))).isEqualTo(Value.TRUE);
    assertThat(call("regex.is_valid", n(1))).isEqualTo(Value.FALSE);
    assertError("regex.match", s("(?=a)"), s("a")).hasMessageContaining("invalid regular expression");
    assertError("regex.match", n(1), s("a")).hasMessageContaining("`regex.match` expects string argument");
    assertThat(StandardBuiltins.all().get("re_match").deprecated()).isTrue();
  }

  @Test
  void match_catastrophicBacktracking_failsInsteadOfHanging() {
    assertError("regex.match", s("(.*,){11}P"), s("a,".repeat(30))).hasMessageContaining("budget");
  }

  @Test
  void findAndSplit_goSemantics() throws Exception {
    assertThat(call("regex.find_n", s("a."), s("a1a2a3"), n(2))).isEqualTo(v("[\"a1\",\"a2\"]"));
    assertThat(call("regex.find_n", s("a."), s("a1a2a3"), n(-1))).isEqualTo(v("[\"a1\",\"a2\",\"a3\"]"));
    assertThat(call("regex.find_n", s("a*"), s("baaac"), n(-1))).isEqualTo(v("[\"\",\"aaa\",\"\"]"));
    assertThat(call("regex.find_all_string_submatch_n", s("(a)(x)?(\\d)"), s("a1 a2"), n(-1)))
        .isEqualTo(v("[[\"a1\",\"a\",\"\",\"1\"],[\"a2\",\"a\",\"\",\"2\"]]"));
    assertThat(call("regex.split", s(","), s("a,b,,c"))).isEqualTo(v("[\"a\",\"b\",\"\",\"c\"]"));
    assertThat(call("regex.split", s("x*"), s("axbc"))).isEqualTo(v("[\"a\",\"b\",\"c\"]"));
    assertThat(call("regex.split", s(","), s(""))).isEqualTo(v("[\"\"]"));
    assertError("regex.find_n", s("a"), s("a"), v("1.5")).hasMessageContaining("n must be an integer");
  }

  @Test
  void replace_expandsGroupReferences() throws Exception {
    assertThat(call("regex.replace", s("-ab-axxb-"), s("a(x*)b"), s("${1}W"))).isEqualTo(s("-W-xxW-"));
    assertThat(call("regex.replace", s("2024-01"), s("(?P<y>\\d+)-(?P<m>\\d+)"), s("$m/$y"))).isEqualTo(s("01/2024"));
    assertThat(call("regex.replace", s("abc"), s("b"), s("$$"))).isEqualTo(s("a$c"));
    assertThat(call("regex.replace", s("abc"), s("(?=b)"), s("x"))).isNull();
  }

  @Test
  void templateMatch_literalPartsAndRegexParts() throws Exception {
    assertThat(call("regex.template_match", s("urn:foo:{.*}"), s("urn:foo:bar:baz"), s("{"), s("}"))).isEqualTo(Value.TRUE);
    assertThat(call("regex.template_match", s("urn:foo.{[0-9]+}"), s("urn:fooX123"), s("{"), s("}"))).isEqualTo(Value.FALSE);
    assertThat(call("regex.template_match", s("urn:foo.{[0-9]+}"), s("urn:foo.123"), s("{"), s("}"))).isEqualTo(Value.TRUE);
  }

  @Test
  void globsMatch_intersectionOfRestrictedRegexes() throws Exception {
    String[][] nonEmpty = {{"abcd", "...."}, {"abcd", "[a-d]*"}, {"pqrs", "pq.s"}, {"d*", "[abcd][abcd]"}, {"d*", "d[a-z]+"},
        {"[a-p]+", "[p-z]+"}, {"abcd[a-c]z+", "abcd[b-d][yz]*"}, {".a.a", "b.b."}, {"a.a.[0-9]+z", ".b.b2359825792*594823z"},
        {".*\\\\", ".*"}};
    String[][] empty = {{"abcd", "abcdla"}, {"[a-d]+", "[e-f]+"}, {"[0-9]*", "[a-z]"}, {"[0-9]*", "\\*"},
        {"mamama.*", "dadada.*"}, {".*mamama", ".*nanana"}, {".xyz.", ".*pqr.*"}};
    for (String[] p : nonEmpty) {
      assertThat(call("regex.globs_match", s(p[0]), s(p[1]))).as("%s vs %s", p[0], p[1]).isEqualTo(Value.TRUE);
    }
    for (String[] p : empty) {
      assertThat(call("regex.globs_match", s(p[0]), s(p[1]))).as("%s vs %s", p[0], p[1]).isEqualTo(Value.FALSE);
    }
    assertError("regex.globs_match", s("*a"), s("a")).hasMessageContaining("flag");
    assertError("regex.globs_match", s("[a-"), s("a")).hasMessageContaining("invalid glob");
    assertError("regex.globs_match", s("a]"), s("a")).hasMessageContaining("set-close");
  }

  private boolean glob(String pattern, Value delims, String value) throws Exception {
    return ((Value.Bool) call("glob.match", s(pattern), delims, s(value))).value();
  }

  @Test
  void globMatch_delimitersAndSyntax() throws Exception {
    Value none = v("[]");
    assertThat(glob("api://*/appId", Value.NULL, "api://foo.com/appId")).isTrue();
    assertThat(glob("*.github.com", none, "api.github.com")).isTrue();
    assertThat(glob("*.github.com", none, "api.cdn.github.com")).isFalse();
    assertThat(glob("*hub.com", Value.NULL, "api.cdn.github.com")).isTrue();
    assertThat(glob("*:github:com", v("[\":\"]"), "api:github:com")).isTrue();
    assertThat(glob("api.**.com", none, "api.cdn.github.com")).isTrue();
    assertThat(glob("?at", none, "cat")).isTrue();
    assertThat(glob("?at", none, "at")).isFalse();
    assertThat(glob("[abc]at", none, "bat")).isTrue();
    assertThat(glob("[abc]at", none, "lat")).isFalse();
    assertThat(glob("[!abc]at", none, "cat")).isFalse();
    assertThat(glob("[!a-c]at", none, "lat")).isTrue();
    assertThat(glob("{cat,bat,[fr]at}", none, "rat")).isTrue();
    assertThat(glob("{cat,bat,[fr]at}", none, "at")).isFalse();
    assertThat(glob("a\\*b", none, "a*b")).isTrue();
    assertThat(glob("a\\*b", none, "axb")).isFalse();
  }

  @Test
  void glob_invalidInputs_areErrors() throws Exception {
    assertError("glob.match", s("[abc"), v("[]"), s("a")).hasMessageContaining("invalid glob");
    assertError("glob.match", s("{a,b"), v("[]"), s("a")).hasMessageContaining("invalid glob");
    assertError("glob.match", s("[z-a]"), v("[]"), s("a")).hasMessageContaining("invalid glob");
    assertError("glob.match", s("a"), v("[\"ab\"]"), s("a")).hasMessageContaining("single character");
    assertError("glob.match", s("a"), s("."), s("a")).hasMessageContaining("string array");
    assertThat(call("glob.quote_meta", s("*.github.com"))).isEqualTo(s("\\*.github.com"));
    assertThat(call("glob.quote_meta", s("[a]{b}?"))).isEqualTo(s("\\[a\\]\\{b\\}\\?"));
  }
}
