package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class StringsTest extends BuiltinTestSupport {
  @Test
  void concat_arrayOrSet_joinsWithDelimiter() throws Exception {
    assertThat(call("concat", s(", "), v("[\"Hello\",\"world\"]"))).isEqualTo(s("Hello, world"));
    assertThat(call("concat", s(", "), set(s("world"), s("Hello")))).isEqualTo(s("Hello, world"));
    assertThat(call("concat", s(","), v("[]"))).isEqualTo(s(""));
    assertThat(call("concat", s(""), Value.EMPTY_SET)).isEqualTo(s(""));
  }

  @Test
  void concat_badArguments_areErrors() {
    for (Value bad : new Value[] {Value.NULL, Value.TRUE, n(1), v("[]"), Value.EMPTY_SET, Value.EMPTY_OBJECT}) {
      assertError("concat", bad, v("[]")).hasMessageContaining("`concat` expects string argument.");
    }
    for (Value bad : new Value[] {Value.NULL, Value.TRUE, n(1), s(""), Value.EMPTY_OBJECT}) {
      assertError("concat", s(""), bad).hasMessageContaining("`concat` expects array/set of strings.");
    }
    assertError("concat", s(""), v("[\"a\",1]")).hasMessageContaining("Element 1 is not a string");
  }

  @Test
  void containsStartsEnds_emptyOperands_followGo() throws Exception {
    assertThat(call("contains", s("Hello, world"), s(", "))).isEqualTo(Value.TRUE);
    assertThat(call("contains", s("Hello"), s(""))).isEqualTo(Value.TRUE);
    assertThat(call("contains", s(""), s(","))).isEqualTo(Value.FALSE);
    assertThat(call("endswith", s("Hello, world"), s("ld"))).isEqualTo(Value.TRUE);
    assertThat(call("endswith", s(""), s("ld"))).isEqualTo(Value.FALSE);
    assertThat(call("startswith", s("Hello"), s("He"))).isEqualTo(Value.TRUE);
    assertThat(call("startswith", s(""), s(""))).isEqualTo(Value.TRUE);
  }

  @Test
  void stringPredicates_nonStringEitherSide_areErrors() {
    for (String fn : new String[] {"contains", "startswith", "endswith", "indexof"}) {
      for (Value bad : new Value[] {Value.NULL, Value.TRUE, n(1), v("[]"), Value.EMPTY_SET, Value.EMPTY_OBJECT}) {
        assertError(fn, bad, s("")).hasMessageContaining("`" + fn + "` expects string argument.");
        assertError(fn, s(""), bad).hasMessageContaining("`" + fn + "` expects string argument.");
      }
    }
  }

  @Test
  void indexof_countsCodePoints() throws Exception {
    assertThat(call("indexof", s("Hello world"), s("llo"))).isEqualTo(n(2));
    assertThat(call("indexof", s("Hello world"), s("hel"))).isEqualTo(n(-1));
    assertThat(call("indexof", s("Hello world"), s("l"))).isEqualTo(n(2));
    assertThat(call("indexof", s(""), s(""))).isEqualTo(n(-1));
    assertThat(call("indexof", s("μx"), s("x"))).isEqualTo(n(1));
    assertThat(call("indexof", s("μ"), s("μμ"))).isEqualTo(n(-1));
    assertThat(call("indexof", s("skön var våren"), s("vår"))).isEqualTo(n(9));
    assertThat(call("indexof_n", s("aaa"), s("aa"))).isEqualTo(v("[0,1]"));
  }

  @Test
  void split_emptySeparator_splitsCodePoints() throws Exception {
    assertThat(call("split", s("test"), s(""))).isEqualTo(v("[\"t\",\"e\",\"s\",\"t\"]"));
    assertThat(call("split", s(""), s(""))).isEqualTo(v("[]"));
    assertThat(call("split", s("a,b,,c,"), s(","))).isEqualTo(v("[\"a\",\"b\",\"\",\"c\",\"\"]"));
    assertThat(call("split", s(""), s(","))).isEqualTo(v("[\"\"]"));
  }

  @Test
  void replaceAndReplaceN_literalReplacement() throws Exception {
    assertThat(call("replace", s("a.b.c"), s("."), s("$1"))).isEqualTo(s("a$1b$1c"));
    assertThat(call("replace", s("ab"), s(""), s("-"))).isEqualTo(s("-a-b-"));
    assertThat(call("strings.replace_n", v("{\"a\":\"1\",\"b\":\"2\"}"), s("abc"))).isEqualTo(s("12c"));
    assertError("strings.replace_n", v("{\"a\":1}"), s("abc")).hasMessageContaining("string keys and values");
  }

  @Test
  void trimFamily_cutsetsPrefixesAndSpace() throws Exception {
    assertThat(call("trim", s("xxhixx"), s("x"))).isEqualTo(s("hi"));
    assertThat(call("trim_left", s("/a/b/"), s("/"))).isEqualTo(s("a/b/"));
    assertThat(call("trim_right", s("/a/b//"), s("/"))).isEqualTo(s("/a/b"));
    assertThat(call("trim_prefix", s("prefix-x"), s("prefix-"))).isEqualTo(s("x"));
    assertThat(call("trim_prefix", s("x"), s("y"))).isEqualTo(s("x"));
    assertThat(call("trim_suffix", s("x.txt"), s(".txt"))).isEqualTo(s("x"));
    assertThat(call("trim_space", s(" \t hi \n"))).isEqualTo(s("hi"));
  }

  @Test
  void caseReverseCountSubstring_unicodeAware() throws Exception {
    assertThat(call("upper", s("abcé"))).isEqualTo(s("ABCÉ"));
    assertThat(call("lower", s("ABC"))).isEqualTo(s("abc"));
    assertThat(call("strings.reverse", s("aμ😀"))).isEqualTo(s("😀μa"));
    assertThat(call("strings.count", s("cheese"), s("e"))).isEqualTo(n(3));
    assertThat(call("strings.count", s("aaaa"), s("aa"))).isEqualTo(n(2));
    assertThat(call("substring", s("héllo"), n(1), n(3))).isEqualTo(s("éll"));
    assertThat(call("substring", s("hello"), n(2), n(-1))).isEqualTo(s("llo"));
    assertThat(call("substring", s("hello"), n(9), n(2))).isEqualTo(s(""));
    assertError("substring", s("hello"), n(-1), n(2)).hasMessageContaining("negative offset");
  }

  @Test
  void formatInt_basesAndSign() throws Exception {
    assertThat(call("format_int", n(255), n(16))).isEqualTo(s("ff"));
    assertThat(call("format_int", v("-5.9"), n(2))).isEqualTo(s("-101"));
    assertThat(call("format_int", n(8), n(8))).isEqualTo(s("10"));
    assertError("format_int", n(8), n(7)).hasMessageContaining("base");
  }

  @Test
  void anyPrefixSuffixMatch_stringsOrCollections() throws Exception {
    assertThat(call("strings.any_prefix_match", s("foo/bar"), v("[\"baz\",\"foo\"]"))).isEqualTo(Value.TRUE);
    assertThat(call("strings.any_prefix_match", v("[\"a\",\"b\"]"), s("c"))).isEqualTo(Value.FALSE);
    assertThat(call("strings.any_suffix_match", set(s("x.rego")), s(".rego"))).isEqualTo(Value.TRUE);
    assertError("strings.any_suffix_match", n(1), s("a")).hasMessageContaining("string/array[string]/set[string]");
  }

  @Test
  void sprintf_verbsFromConformanceSuite() throws Exception {
    assertThat(sprintf("User %s from %s has access", "[\"alice\",\"engineering\"]")).isEqualTo("User alice from engineering has access");
    assertThat(sprintf("No spaces%s%s", "[\"A\",\"B\"]")).isEqualTo("No spacesAB");
    assertThat(sprintf("Number: %d", "[42]")).isEqualTo("Number: 42");
    assertThat(sprintf("Float: %f", "[3.14]")).isEqualTo("Float: 3.14");
    assertThat(sprintf("Hex: %x", "[255]")).isEqualTo("Hex: ff");
    assertThat(sprintf("Octal: %o", "[64]")).isEqualTo("Octal: 0O100");
    assertThat(sprintf("Binary: %b", "[15]")).isEqualTo("Binary: 1111");
    assertThat(sprintf("String: %s, Number: %d, Percent: %%", "[\"hello\",123]")).isEqualTo("String: hello, Number: 123, Percent: %");
    assertThat(sprintf("Value: %v", "[{\"key\":\"value\"}]")).isEqualTo("Value: {\"key\": \"value\"}");
    assertThat(sprintf("Padded: %5d", "[42]")).isEqualTo("Padded:    42");
    assertThat(sprintf("Zero padded: %05d", "[42]")).isEqualTo("Zero padded: 00042");
    assertThat(sprintf("Decimal: %.2f", "[3.14159]")).isEqualTo("Decimal: 3.14");
  }

  @Test
  void sprintf_otherGoVerbs() throws Exception {
    assertThat(sprintf("%q|%t|%v|%s", "[\"a\\\"b\",true,[1,\"x\"],null]")).isEqualTo("\"a\\\"b\"|true|[1, \"x\"]|null");
    assertThat(sprintf("%-4d|%+d|%X|%c", "[7,5,255,65]")).isEqualTo("7   |+5|FF|A");
    assertThat(sprintf("%e|%.1e|%g", "[1234.5678,0.000123,0.00001]")).isEqualTo("1.234568e+03|1.2e-04|1e-05");
    assertThat(sprintf("%x", "[\"hi\"]")).isEqualTo("6869");
    assertThat(sprintf("%.3s", "[\"abcdef\"]")).isEqualTo("abc");
  }

  @Test
  void sprintf_argumentMismatch_isError() {
    assertError("sprintf", s("Value: %s %d"), v("[\"only_one\"]")).hasMessageContaining("no argument specified for format verb 1");
    assertError("sprintf", s("%s"), v("[\"a\",\"b\"]")).hasMessageContaining("extra arguments");
    assertError("sprintf", s("%d"), v("[\"a\"]")).hasMessageContaining("format verb d");
    assertError("sprintf", s("%d"), v("[1.5]")).hasMessageContaining("format verb d");
    assertError("sprintf", s("abc %"), v("[]")).hasMessageContaining("missing format verb");
    assertError("sprintf", s("%99999d"), v("[1]")).hasMessageContaining("exceeds");
    assertError("sprintf", s("%s"), s("x")).hasMessageContaining("`sprintf` expects array argument");
  }

  private String sprintf(String fmt, String args) throws Exception {
    return ((Value.Str) call("sprintf", s(fmt), v(args))).value();
  }
}
