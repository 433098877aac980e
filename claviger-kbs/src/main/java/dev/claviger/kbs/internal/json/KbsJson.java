package dev.claviger.kbs.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import java.io.IOException;

/**
 * The KBS's JSON reader: bounded (Jackson 2 leaves document length and token count unlimited)
 * and strict (duplicate keys rejected, so two parsers cannot see two different documents).
 */
public final class KbsJson {
  /** Largest accepted JSON document; the HTTP body limit is usually lower. */
  public static final int MAX_DOCUMENT_BYTES = 64 << 20;

  private static final ObjectMapper MAPPER = createMapper();

  private KbsJson() {}

  private static ObjectMapper createMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(MAX_DOCUMENT_BYTES)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxTokenCount(4_000_000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a request body that must be a JSON object; anything else is a typed error. */
  public static ObjectNode parseObject(byte[] body, String what) throws KbsException {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new KbsException(ErrorType.SERDE_ERROR, what + " is not valid JSON: " + brief(e));
    }
    if (node == null || !node.isObject()) {
      throw new KbsException(ErrorType.SERDE_ERROR, what + " must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A required string member. */
  public static String requireText(JsonNode obj, String field, String what) throws KbsException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isTextual()) {
      throw new KbsException(ErrorType.SERDE_ERROR, what + ": missing string field '" + field + "'");
    }
    return n.textValue();
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** Jackson's message without the source excerpt, which could echo large or secret input. */
  private static String brief(IOException e) {
    if (e instanceof JsonProcessingException jpe) {
      String m = jpe.getOriginalMessage();
      return m == null ? "parse error" : m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
    return "read error";
  }
}
