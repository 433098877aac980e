package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void canonicalize_trusteeVector_sha384Matches() throws Exception {
    byte[] jcs = CanonicalJson.canonicalize(Json.parse("{ \"c\": {\"d\":\"e\"}, \"b\": 1, \"a\": \"test\" }"));
    assertThat(new String(jcs, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"test\",\"b\":1,\"c\":{\"d\":\"e\"}}");
    assertThat(Hex.encode(Digests.sha384(jcs)))
        .isEqualTo(
            "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c"
                + "4597480a186427c813ca941da78870c3");
  }

  /** RFC 8785 section 3.2.2 example. */
  @Test
  void canonicalize_rfc8785Example_matches() throws Exception {
    String in =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    assertThat(CanonicalJson.canonicalString(Json.parse(in)))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  /** RFC 8785 section 3.2.3: members sorted by UTF-16 code units, not code points. */
  @Test
  void canonicalize_memberOrder_utf16CodeUnits() throws Exception {
    String in =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With"
            + " Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control"
            + "\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String out = CanonicalJson.canonicalString(Json.parse(in));
    assertThat(out)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small"
                + " Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji:"
                + " Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /** RFC 8785 appendix B: IEEE-754 bit patterns and their ECMAScript serialisation. */
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void formatNumber_rfc8785AppendixB_matches(String bits, String expected) throws Exception {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(CanonicalJson.formatNumber(d)).isEqualTo(expected);
  }

  /** 3000 seeded random doubles serialised by node's String(x); see the file header. */
  @ParameterizedTest
  @CsvFileSource(resources = "/jcs/es-numbers.csv")
  void formatNumber_randomDoubles_matchEcmascript(String bits, String expected) throws Exception {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(CanonicalJson.formatNumber(d)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 1", "-1.5, -1.5", "100, 100", "123e18, 123000000000000000000", "1e21, 1e+21",
    "0.0000001, 1e-7", "0.000001234, 0.000001234", "1.5e-7, 1.5e-7", "12345678901234567890, 12345678901234567000"
  })
  void canonicalize_numbers_ecmascriptLayout(String in, String expected) throws Exception {
    assertThat(CanonicalJson.canonicalString(Json.parse(in))).isEqualTo(expected);
  }

  @Test
  void formatNumber_nonFinite_rejected() {
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.NaN))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.POSITIVE_INFINITY))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void canonicalize_numberOverflowingDouble_rejected() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.parse("[1e400]")))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void canonicalize_loneSurrogate_rejected() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.parse("[\"\\ud800x\"]")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.parse("{\"\\udc00\":1}")))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void canonicalize_controlCharacters_escapedLowercaseHex() throws Exception {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("k", "\u0001\u001f\u007f\u2028");
    assertThat(CanonicalJson.canonicalString(n)).isEqualTo("{\"k\":\"\\u0001\\u001f\u007f\u2028\"}");
  }

  @Test
  void canonicalize_programmaticTreeTooDeep_rejected() {
    com.fasterxml.jackson.databind.node.ArrayNode root = JsonNodeFactory.instance.arrayNode();
    com.fasterxml.jackson.databind.node.ArrayNode cur = root;
    for (int i = 0; i < 5000; i++) {
      cur = cur.addArray();
    }
    assertThatThrownBy(() -> CanonicalJson.canonicalize(root))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void canonicalize_binaryNode_rejected() {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("k", new byte[] {1});
    assertThatThrownBy(() -> CanonicalJson.canonicalize(n))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void canonicalize_whitespaceAndOrderVariants_sameBytes() throws Exception {
    byte[] a = CanonicalJson.canonicalize("{\"b\":[1, 2.0 ,{\"y\":1,\"x\":2}],\"a\":true}".getBytes(StandardCharsets.UTF_8));
    byte[] b = CanonicalJson.canonicalize("{ \"a\" : true , \"b\" : [ 1.0 , 2 , { \"x\" : 2 , \"y\" : 1 } ] }".getBytes(StandardCharsets.UTF_8));
    assertThat(a).isEqualTo(b);
    assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("{\"a\":true,\"b\":[1,2,{\"x\":2,\"y\":1}]}");
  }
}
