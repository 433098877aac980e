package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class JsonSchemaTest extends BuiltinTestSupport {
  private static final String PERSON = """
      {"type":"object","required":["name"],"additionalProperties":false,
       "properties":{"name":{"type":"string","minLength":1,"pattern":"^[A-Z]"},
                     "age":{"type":"integer","minimum":0,"exclusiveMaximum":150},
                     "tags":{"type":"array","items":{"$ref":"#/definitions/tag"},"uniqueItems":true,"maxItems":3},
                     "kind":{"enum":["a","b"]},
                     "id":{"oneOf":[{"type":"string"},{"type":"integer"}]}},
       "definitions":{"tag":{"type":"string","maxLength":5}}}""";

  private Value match(String doc) throws Exception {
    return call("json.match_schema", v(doc), s(PERSON));
  }

  private String error(String doc) throws Exception {
    Value res = match(doc);
    assertThat(((Value.Arr) res).get(0)).as(doc).isEqualTo(Value.FALSE);
    return ((Value.Str) ((Value.Arr) res).get(1)).value();
  }

  @Test
  void matchSchema_validDocument_trueAndNull() throws Exception {
    assertThat(match("{\"name\":\"Ann\",\"age\":30,\"tags\":[\"x\",\"y\"],\"kind\":\"a\",\"id\":7}")).isEqualTo(Value.array(Value.TRUE, Value.NULL));
    assertThat(call("json.match_schema", v("{\"name\":\"Bo\"}"), v(PERSON))).isEqualTo(Value.array(Value.TRUE, Value.NULL));
  }

  @Test
  void matchSchema_eachKeyword_reportsFirstError() throws Exception {
    assertThat(error("{}")).isEqualTo("\"name\" is a required property");
    assertThat(error("{\"name\":1}")).isEqualTo("1 is not of type \"string\"");
    assertThat(error("{\"name\":\"\"}")).isEqualTo("\"\" is shorter than 1 character");
    assertThat(error("{\"name\":\"ann\"}")).isEqualTo("\"ann\" does not match \"^[A-Z]\"");
    assertThat(error("{\"name\":\"A\",\"age\":1.5}")).isEqualTo("1.5 is not of type \"integer\"");
    assertThat(error("{\"name\":\"A\",\"age\":-1}")).isEqualTo("-1 is less than the minimum of 0");
    assertThat(error("{\"name\":\"A\",\"age\":150}")).isEqualTo("150 is greater than or equal to the maximum of 150");
    assertThat(error("{\"name\":\"A\",\"tags\":[\"x\",\"x\"]}")).isEqualTo("[\"x\",\"x\"] has non-unique elements");
    assertThat(error("{\"name\":\"A\",\"tags\":[\"toolong\"]}")).isEqualTo("\"toolong\" is longer than 5 characters");
    assertThat(error("{\"name\":\"A\",\"kind\":\"c\"}")).isEqualTo("\"c\" is not one of [\"a\",\"b\"]");
    assertThat(error("{\"name\":\"A\",\"id\":true}")).contains("'oneOf'");
    assertThat(error("{\"name\":\"A\",\"x\":1}")).isEqualTo("Additional properties are not allowed (\"x\" was unexpected)");
  }

  @Test
  void verifySchema_validAndInvalidSchemas() throws Exception {
    assertThat(call("json.verify_schema", s(PERSON))).isEqualTo(Value.array(Value.TRUE, Value.NULL));
    assertThat(call("json.verify_schema", v("{\"type\":\"object\"}"))).isEqualTo(Value.array(Value.TRUE, Value.NULL));
    assertThat(call("json.verify_schema", Value.TRUE)).isEqualTo(Value.array(Value.TRUE, Value.NULL));
    assertError("json.verify_schema", s("{\"type\":\"strin\"}")).hasMessageContaining("invalid schema");
    assertError("json.verify_schema", s("{\"minimum\":\"1\"}")).hasMessageContaining("invalid schema");
    assertError("json.verify_schema", s("{\"pattern\":\"(?=x)\"}")).hasMessageContaining("regex");
    assertError("json.verify_schema", s("{\"$ref\":\"http://example.com/s.json\"}")).hasMessageContaining("only local references");
    assertError("json.verify_schema", s("{\"$ref\":\"#/definitions/missing\"}")).hasMessageContaining("unresolvable");
    assertError("json.verify_schema", s("{not json")).hasMessageContaining("not a valid json schema");
    assertError("json.match_schema", v("{}"), s("{\"required\":\"a\"}")).hasMessageContaining("invalid schema");
  }

  @Test
  void matchSchema_combinatorsConditionalsAndRecursion() throws Exception {
    String schema = """
        {"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"},"v":{"type":"number"}}}},
         "allOf":[{"$ref":"#/$defs/node"}],
         "if":{"properties":{"v":{"const":0}}},"then":{"required":["next"]},
         "not":{"required":["forbidden"]}}""";
    assertThat(call("json.match_schema", v("{\"v\":1,\"next\":{\"v\":2,\"next\":{\"v\":3}}}"), s(schema))).isEqualTo(Value.array(Value.TRUE, Value.NULL));
    assertThat(((Value.Arr) call("json.match_schema", v("{\"v\":1,\"next\":{\"v\":\"x\"}}"), s(schema))).get(1)).isEqualTo(s("\"x\" is not of type \"number\""));
    assertThat(((Value.Arr) call("json.match_schema", v("{\"v\":0}"), s(schema))).get(1)).isEqualTo(s("\"next\" is a required property"));
    assertThat(((Value.Arr) call("json.match_schema", v("{\"forbidden\":1}"), s(schema))).get(0)).isEqualTo(Value.FALSE);
    // A reference cycle that never consumes the instance ends in an error instead of recursing forever.
    assertThat(call("json.match_schema", v("{\"a\":1}"), s("{\"$ref\":\"#\"}")))
        .isEqualTo(Value.array(Value.FALSE, s("schema recursion too deep")));
  }
}
