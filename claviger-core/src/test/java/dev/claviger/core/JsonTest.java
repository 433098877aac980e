package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Sample(String name, int count, List<String> tags) {}

  @Test
  void parse_validDocument_returnsTree() throws Exception {
    JsonNode n = Json.parse("{\"a\":[1,2,{\"b\":null}],\"c\":\"x\"}");
    assertThat(n.get("a").get(2).get("b").isNull()).isTrue();
    assertThat(n.get("c").asText()).isEqualTo("x");
  }

  @Test
  void parse_bytesUtf8_returnsTree() throws Exception {
    JsonNode n = Json.parse("{\"k\":\"\u20ac\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(n.get("k").asText()).isEqualTo("\u20ac");
  }

  @Test
  void parse_trailingTokens_rejected() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void parse_trailingGarbage_rejected() {
    assertThatThrownBy(() -> Json.parse("[1] x")).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_duplicateMember_rejected() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void parse_emptyOrWhitespace_rejected() {
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parse("   ")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parse(new byte[0])).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_truncated_rejectedWithLocation() {
    assertThatThrownBy(() -> Json.parse("{\n\"a\": [1, 2"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("malformed JSON at line 2");
  }

  @Test
  void parse_invalidUtf8_rejectedWithoutInternals() {
    byte[] bad = {'[', '"', (byte) 0xc3, (byte) 0x28, '"', ']'};
    assertThatThrownBy(() -> Json.parse(bad))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("malformed JSON at line 1")
        .hasMessageContaining("UTF-8")
        .hasMessageNotContaining("Source")
        .hasMessageNotContaining("com.fasterxml");
  }

  @Test
  void parse_unexpectedCharacter_messageSaysWhatAndWhere() {
    assertThatThrownBy(() -> Json.parse("{\"a\": x}"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("malformed JSON at line 1, column 8: ")
        .hasMessageNotContaining("REDACTED");
  }

  @Test
  void parse_commentsNanAndSingleQuotes_rejected() {
    assertThatThrownBy(() -> Json.parse("{/*c*/\"a\":1}"))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parse("[NaN]")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parse("{'a':1}")).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_nestingDeeperThan64_rejectedNamingLimit() throws Exception {
    String ok = "[".repeat(64) + "]".repeat(64);
    assertThat(Json.parse(ok).isArray()).isTrue();
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThatThrownBy(() -> Json.parse(deep))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("maxNestingDepth")
        .hasMessageNotContaining("StreamReadConstraints");
  }

  @Test
  void parse_stringLongerThan1MiB_rejectedNamingLimit() {
    String big = "[\"" + "a".repeat(1024 * 1024 + 1) + "\"]";
    assertThatThrownBy(() -> Json.parse(big))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("maxStringLength");
  }

  @Test
  void parse_numberLongerThan1000_rejectedNamingLimit() {
    String big = "[" + "1".repeat(1001) + "]";
    assertThatThrownBy(() -> Json.parse(big))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("maxNumberLength");
  }

  @Test
  void parse_documentLongerThan2MiB_rejectedBeforeParsing() {
    byte[] big = new byte[2 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '1';
    assertThatThrownBy(() -> Json.parse(big))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("maxDocumentLength");
  }

  @Test
  void mapper_customLimits_applied() throws Exception {
    var small = Json.mapper(JsonLimits.defaults().withMaxDocumentLength(10).withMaxNestingDepth(2));
    assertThat(Json.parse(small, "[[1]]".getBytes(StandardCharsets.UTF_8)).isArray()).isTrue();
    assertThatThrownBy(() -> Json.parse(small, "[[[1]]]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("maxNestingDepth");
    assertThatThrownBy(() -> Json.parse(small, "[1,2,3,4,5,6]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("maxDocumentLength");
  }

  @Test
  void jsonLimits_nonPositive_rejected() {
    assertThatThrownBy(() -> JsonLimits.defaults().withMaxNestingDepth(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void read_record_bound() throws Exception {
    Sample s =
        Json.read("{\"name\":\"n\",\"count\":3,\"tags\":[\"x\"]}".getBytes(StandardCharsets.UTF_8),
            Sample.class);
    assertThat(s).isEqualTo(new Sample("n", 3, List.of("x")));
  }

  @Test
  void read_unknownMember_rejectedNamingIt() {
    byte[] in = "{\"name\":\"n\",\"count\":3,\"evil\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.read(in, Sample.class))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("unknown member 'evil'");
  }

  @Test
  void read_wrongType_messageHasPathButNoJavaTypes() {
    byte[] in = "{\"name\":\"n\",\"count\":\"many\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.read(in, Sample.class))
        .isInstanceOf(MalformedInputException.class)
        .hasMessage("invalid JSON value at /count")
        .hasMessageNotContaining("java.")
        .hasMessageNotContaining("dev.claviger");
  }

  @Test
  void read_literalNull_rejected() {
    assertThatThrownBy(() -> Json.read("null".getBytes(StandardCharsets.UTF_8), Sample.class))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void read_typeIdArray_notInterpretedAsPolymorphicType() throws Exception {
    // With default typing enabled Jackson would treat this as [typeId, value] and instantiate it.
    byte[] in = "[\"java.lang.ProcessBuilder\",{}]".getBytes(StandardCharsets.UTF_8);
    assertThat(Json.read(in, Object.class)).isInstanceOf(List.class);
  }

  @Test
  void write_record_compactJson() {
    assertThat(Json.write(new Sample("n", 1, List.of())))
        .isEqualTo("{\"name\":\"n\",\"count\":1,\"tags\":[]}");
  }

  @Test
  void convert_tree_bound() throws Exception {
    JsonNode n = Json.parse("{\"name\":\"n\",\"count\":2,\"tags\":null}");
    assertThat(Json.convert(n, Sample.class).count()).isEqualTo(2);
  }
}
