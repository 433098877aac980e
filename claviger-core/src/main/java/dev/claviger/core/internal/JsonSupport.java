package dev.claviger.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Builds the hardened mappers and turns Jackson failures into our own messages. */
public final class JsonSupport {
  private static final int MAX_DETAIL = 200;

  private JsonSupport() {}

  public static ObjectMapper newMapper(JsonLimits limits) {
    StreamReadConstraints read =
        StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxDocumentLength())
            .maxNestingDepth(limits.maxNestingDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(limits.maxNameLength())
            .maxNumberLength(limits.maxNumberLength())
            .maxTokenCount(limits.maxTokenCount())
            .build();
    StreamWriteConstraints write =
        StreamWriteConstraints.builder().maxNestingDepth(limits.maxNestingDepth()).build();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(read)
            .streamWriteConstraints(write)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
  }

  public static JsonNode parse(ObjectMapper mapper, byte[] json) throws MalformedInputException {
    checkLength(mapper, json.length);
    try {
      return requirePresent(mapper.readTree(json));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public static JsonNode parse(ObjectMapper mapper, String json) throws MalformedInputException {
    checkLength(mapper, json.length());
    try {
      return requirePresent(mapper.readTree(json));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type)
      throws MalformedInputException {
    checkLength(mapper, json.length);
    if (json.length == 0) {
      throw new MalformedInputException("malformed JSON: empty document");
    }
    try {
      T value = mapper.readValue(json, type);
      if (value == null) {
        throw new MalformedInputException("malformed JSON: expected a value, got null");
      }
      return value;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type)
      throws MalformedInputException {
    try {
      T value = mapper.treeToValue(node, type);
      if (value == null) {
        throw new MalformedInputException("malformed JSON: expected a value, got null");
      }
      return value;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw translate(e);
    }
  }

  public static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value is not JSON-serialisable: " + typeName(value), e);
    }
  }

  public static byte[] writeBytes(ObjectMapper mapper, Object value) {
    return write(mapper, value).getBytes(StandardCharsets.UTF_8);
  }

  private static void checkLength(ObjectMapper mapper, long length)
      throws MalformedInputException {
    long max = mapper.getFactory().streamReadConstraints().getMaxDocumentLength();
    if (max > 0 && length > max) {
      throw new MalformedInputException(
          "JSON document of " + length + " bytes exceeds maxDocumentLength (" + max + ")");
    }
  }

  private static JsonNode requirePresent(JsonNode node) throws MalformedInputException {
    if (node == null || node.isMissingNode()) {
      throw new MalformedInputException("malformed JSON: empty document");
    }
    return node;
  }

  private static MalformedInputException translate(Exception e) {
    if (e instanceof StreamConstraintsException sce) {
      return new MalformedInputException("JSON exceeds " + limitName(sce.getOriginalMessage()));
    }
    if (e instanceof JsonParseException jpe) {
      return new MalformedInputException(
          "malformed JSON" + where(jpe.getLocation()) + ": " + abbreviate(jpe.getOriginalMessage()));
    }
    if (e instanceof UnrecognizedPropertyException upe) {
      return new MalformedInputException(
          "JSON has unknown member '" + abbreviate(upe.getPropertyName()) + "' at " + path(upe));
    }
    if (e instanceof JsonMappingException jme) {
      String original = jme.getOriginalMessage();
      if (original != null && original.startsWith("Trailing token")) {
        return new MalformedInputException(
            "malformed JSON" + where(jme.getLocation()) + ": trailing data after the value");
      }
      // Binding messages name Java types; report only where the value was wrong.
      return new MalformedInputException("invalid JSON value at " + path(jme));
    }
    return new MalformedInputException("malformed JSON: unreadable input");
  }

  /** Maps Jackson's constraint message to our limit names (the JsonLimits component names). */
  private static String limitName(String message) {
    String m = message == null ? "" : message;
    String limit;
    if (m.contains("getMaxNestingDepth")) {
      limit = "maxNestingDepth";
    } else if (m.contains("getMaxStringLength")) {
      limit = "maxStringLength";
    } else if (m.contains("getMaxNameLength")) {
      limit = "maxNameLength";
    } else if (m.contains("getMaxNumberLength")) {
      limit = "maxNumberLength";
    } else if (m.contains("getMaxTokenCount")) {
      limit = "maxTokenCount";
    } else if (m.contains("getMaxDocumentLength")) {
      limit = "maxDocumentLength";
    } else {
      return "an input limit";
    }
    int open = m.indexOf(" (");
    int close = m.indexOf(") exceeds");
    String actual = open >= 0 && close > open ? " (got " + m.substring(open + 2, close) + ")" : "";
    return limit + actual;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      sb.append('/');
      if (ref.getFieldName() != null) {
        sb.append(abbreviate(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        sb.append(ref.getIndex());
      }
    }
    return sb.isEmpty() ? "/" : sb.toString();
  }

  private static String where(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
