package dev.claviger.policy.internal.builtins;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.policy.Value;
import java.util.Map;

/** JSON text for Rego values: bounded parsing and Go-compatible compact/indented output. */
final class JsonText {
  /** Documents larger than this are refused by json.unmarshal and friends. */
  static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(512)
          .maxNumberLength(1000)
          .maxStringLength(MAX_DOCUMENT_CHARS)
          .maxDocumentLength(MAX_DOCUMENT_CHARS)
          .build())
      .build())
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonText() {}

  /**
   * Parses JSON text; null when it is not a single valid JSON document. Non-integers are read as
   * doubles (as regorus does), which also keeps huge exponents from becoming exact integers.
   */
  static Value parseOrNull(String text) {
    if (text.length() > MAX_DOCUMENT_CHARS) {
      return null;
    }
    try {
      JsonNode n = MAPPER.readTree(text);
      return n == null || n.isMissingNode() ? null : Value.fromJson(n);
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  /** Compact JSON with sorted keys; sets become arrays, non-string keys their JSON text. */
  static String compact(Value v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, null, null, 0);
    return sb.toString();
  }

  /** Indented JSON: every line starts with {@code prefix} then {@code indent} per level. */
  static String indented(Value v, String prefix, String indent) {
    StringBuilder sb = new StringBuilder(prefix);
    write(sb, v, prefix, indent, 0);
    return sb.toString();
  }

  private static void newline(StringBuilder sb, String prefix, String indent, int level) {
    sb.append('\n').append(prefix).append(indent.repeat(level));
  }

  private static void write(StringBuilder sb, Value v, String prefix, String indent, int level) {
    switch (v) {
      case Value.Arr a -> list(sb, a.items(), prefix, indent, level);
      case Value.SetV s -> list(sb, java.util.List.copyOf(s.items()), prefix, indent, level);
      case Value.Obj o -> {
        if (o.size() == 0) {
          sb.append("{}");
          return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<Value, Value> e : o.map().entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          if (indent != null) {
            newline(sb, prefix, indent, level + 1);
          }
          Value k = e.getKey();
          sb.append(k instanceof Value.Str ? k.toString() : Value.str(compact(k)).toString());
          sb.append(indent != null ? ": " : ":");
          write(sb, e.getValue(), prefix, indent, level + 1);
        }
        if (indent != null) {
          newline(sb, prefix, indent, level);
        }
        sb.append('}');
      }
      default -> sb.append(v);
    }
  }

  private static void list(StringBuilder sb, java.util.List<Value> items, String prefix, String indent, int level) {
    if (items.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (indent != null) {
        newline(sb, prefix, indent, level + 1);
      }
      write(sb, items.get(i), prefix, indent, level + 1);
    }
    if (indent != null) {
      newline(sb, prefix, indent, level);
    }
    sb.append(']');
  }
}
