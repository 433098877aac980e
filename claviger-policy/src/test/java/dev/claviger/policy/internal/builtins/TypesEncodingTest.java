package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class TypesEncodingTest extends BuiltinTestSupport {
  @Test
  void typePredicates_andTypeName() throws Exception {
    Value[] items = {v("[]"), Value.TRUE, Value.NULL, n(0), Value.EMPTY_OBJECT, Value.EMPTY_SET, s("abc")};
    String[] names = {"array", "boolean", "null", "number", "object", "set", "string"};
    String[] preds = {"is_array", "is_boolean", "is_null", "is_number", "is_object", "is_set", "is_string"};
    for (int i = 0; i < items.length; i++) {
      assertThat(call("type_name", items[i])).isEqualTo(s(names[i]));
      for (int j = 0; j < preds.length; j++) {
        assertThat(call(preds[j], items[i])).as("%s(%s)", preds[j], items[i]).isEqualTo(Value.bool(i == j));
      }
    }
  }

  @Test
  void toNumber_jsonGrammarBoolsAndNull() throws Exception {
    assertThat(call("to_number", s("10"))).isEqualTo(n(10));
    assertThat(call("to_number", s("-1.5e2"))).isEqualTo(n(-150));
    assertThat(call("to_number", s("0.25"))).isEqualTo(v("0.25"));
    assertThat(call("to_number", Value.TRUE)).isEqualTo(n(1));
    assertThat(call("to_number", Value.NULL)).isEqualTo(n(0));
    assertThat(call("to_number", n(7))).isEqualTo(n(7));
    assertThat(call("to_number", s(" 1\n"))).isEqualTo(n(1));
    for (String bad : new String[] {"", " ", "1 2", "0x10", "+1", "01", "1.", ".5", "NaN", "1e", "1e400", "\"1\""}) {
      assertError("to_number", s(bad)).hasMessageContaining("could not parse string as number");
    }
    assertError("to_number", v("[]")).hasMessageContaining("`to_number` expects bool/number/string/null argument.");
  }

  @Test
  void casts_areDeprecatedAndTyped() throws Exception {
    assertThat(call("cast_array", set(n(2), n(1)))).isEqualTo(v("[1,2]"));
    assertThat(call("cast_set", v("[1,1,2]"))).isEqualTo(set(n(1), n(2)));
    assertThat(call("cast_string", s("x"))).isEqualTo(s("x"));
    assertThat(call("cast_boolean", Value.TRUE)).isEqualTo(Value.TRUE);
    assertThat(call("cast_null", Value.NULL)).isEqualTo(Value.NULL);
    assertThat(call("cast_object", v("{}"))).isEqualTo(Value.EMPTY_OBJECT);
    assertError("cast_array", n(1));
    assertError("cast_string", n(1));
    for (String name : new String[] {"cast_array", "cast_set", "cast_string", "cast_boolean", "cast_null", "cast_object",
        "any", "all", "re_match", "set_diff", "net.cidr_overlap"}) {
      assertThat(StandardBuiltins.all().get(name).deprecated()).as(name).isTrue();
    }
    assertThat(StandardBuiltins.all().get("count").deprecated()).isFalse();
  }

  @Test
  void base64_strictPaddingAndLossyUtf8() throws Exception {
    assertThat(call("base64.encode", s("hello"))).isEqualTo(s("aGVsbG8="));
    assertThat(call("base64.decode", s("aGVsbG8="))).isEqualTo(s("hello"));
    assertThat(call("base64.is_valid", s("aGVsbG8="))).isEqualTo(Value.TRUE);
    assertThat(call("base64.is_valid", s("aGVsbG8"))).isEqualTo(Value.FALSE);
    assertThat(call("base64.is_valid", s("a?=="))).isEqualTo(Value.FALSE);
    assertThat(call("base64.decode", s("/w=="))).isEqualTo(s("\ufffd"));
    assertError("base64.decode", s("aGVsbG8")).hasMessageContaining("decode");
  }

  @Test
  void base64url_hexAndUrlquery() throws Exception {

    assertThat(call("base64url.encode", s("??>"))).isEqualTo(s("Pz8-"));
    assertThat(call("base64url.encode_no_pad", s("a"))).isEqualTo(s("YQ"));
    assertThat(call("base64url.decode", s("YQ"))).isEqualTo(s("a"));
    assertThat(call("base64url.decode", s("YQ=="))).isEqualTo(s("a"));
    assertError("base64url.decode", s("Y"));
    assertThat(call("hex.encode", s("hi"))).isEqualTo(s("6869"));
    assertThat(call("hex.decode", s("6869"))).isEqualTo(s("hi"));
    assertError("hex.decode", s("686")).hasMessageContaining("hex");
    assertThat(call("urlquery.encode", s("a b&c=d~*"))).isEqualTo(s("a+b%26c%3Dd~%2A"));
    assertThat(call("urlquery.decode", s("a+b%26c"))).isEqualTo(s("a b&c"));
    assertError("urlquery.decode", s("%zz")).hasMessageContaining("url query");
    assertThat(call("urlquery.encode_object", v("{\"b\":[\"1\",\"2\"],\"a\":\"x y\"}"))).isEqualTo(s("a=x+y&b=1&b=2"));
    assertThat(call("urlquery.decode_object", s("a=1&b=2&a=3&c"))).isEqualTo(v("{\"a\":[\"1\",\"3\"],\"b\":[\"2\"],\"c\":[\"\"]}"));
  }

  @Test
  void json_marshalUnmarshalRoundTrip() throws Exception {
    Value doc = v("{\"b\":[1,2.5,\"x\"],\"a\":{\"n\":null,\"t\":true}}");
    assertThat(call("json.marshal", doc)).isEqualTo(s("{\"a\":{\"n\":null,\"t\":true},\"b\":[1,2.5,\"x\"]}"));
    assertThat(call("json.marshal", set(s("b"), s("a")))).isEqualTo(s("[\"a\",\"b\"]"));
    assertThat(call("json.unmarshal", call("json.marshal", doc))).isEqualTo(doc);
    assertThat(call("json.is_valid", s("{\"a\":1}"))).isEqualTo(Value.TRUE);
    assertThat(call("json.is_valid", s("{\"a\":1} x"))).isEqualTo(Value.FALSE);
    assertThat(call("json.is_valid", s("[".repeat(10_000)))).isEqualTo(Value.FALSE);
    assertError("json.unmarshal", s("1e999999999")).hasMessageContaining("could not deserialize json");
    assertThat(call("json.unmarshal", s("[0.1, 1.0, 12345678901234567890123]"))).isEqualTo(Value.array(v("0.1"), n(1), v("12345678901234567890123")));
    assertError("json.unmarshal", s("{")).hasMessageContaining("could not deserialize json");
    assertThat(call("json.marshal_with_options", v("{\"a\":[1]}"), v("{\"indent\":\"  \",\"prefix\":\"> \"}")))
        .isEqualTo(s("> {\n>   \"a\": [\n>     1\n>   ]\n> }"));
    assertThat(call("json.marshal_with_options", v("{\"a\":1}"), v("{\"pretty\":false}"))).isEqualTo(s("{\"a\":1}"));
    assertError("json.marshal_with_options", v("{}"), v("{\"colour\":1}")).hasMessageContaining("marshaling option");
  }

  @Test
  void yaml_marshalUnmarshalAndLimits() throws Exception {
    assertThat(call("yaml.unmarshal", s("a: 1\nb: [x, y]\n"))).isEqualTo(v("{\"a\":1,\"b\":[\"x\",\"y\"]}"));
    assertThat(call("yaml.marshal", v("{\"a\":1,\"b\":[\"x\"]}"))).isEqualTo(s("a: 1\nb:\n- x\n"));
    assertThat(call("yaml.unmarshal", call("yaml.marshal", v("{\"k\":{\"n\":[1,2]}}")))).isEqualTo(v("{\"k\":{\"n\":[1,2]}}"));
    assertThat(call("yaml.is_valid", s("a: [1"))).isEqualTo(Value.FALSE);
    assertThat(call("yaml.is_valid", s("a: 1\na: 2\n"))).isEqualTo(Value.FALSE);
    assertThat(call("yaml.unmarshal", s("a: &x [1, 2]\nb: *x\nc: 010\n1: ~\n"))).isEqualTo(v("{\"a\":[1,2],\"b\":[1,2],\"c\":8,\"1\":null}"));
    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (int i = 0; i < 20; i++) {
      String prev = i == 0 ? "a" : "b" + (i - 1);
      bomb.append("b").append(i).append(": &b").append(i).append(" [");
      bomb.append(String.join(",", java.util.Collections.nCopies(10, "*" + prev))).append("]\n");
    }
    assertThat(call("yaml.is_valid", s(bomb.toString()))).isEqualTo(Value.FALSE);
    assertError("yaml.unmarshal", s("[")).hasMessageContaining("could not deserialize yaml");
  }
}
