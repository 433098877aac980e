package dev.claviger.image.sign.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SignaturePayload;
import dev.claviger.image.sign.SignaturePayload.Type;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Strict reader and writer of {@link SignaturePayload} JSON (rules in its Javadoc). */
public final class PayloadJson {
  private static final ObjectMapper MAPPER = Json.mapper(
      JsonLimits.DEFAULT.withMaxDocumentLength(SignaturePayload.MAX_PAYLOAD_BYTES).withMaxNestingDepth(8));

  private PayloadJson() {}

  public static SignaturePayload parse(byte[] json, Type expected) throws SignatureException {
    if (json.length > SignaturePayload.MAX_PAYLOAD_BYTES) {
      throw bad("payload is " + json.length + " bytes, limit " + SignaturePayload.MAX_PAYLOAD_BYTES);
    }
    JsonNode root;
    try {
      root = Json.parse(MAPPER, json);
    } catch (MalformedInputException e) {
      throw bad("payload is not valid JSON: " + e.getMessage());
    }
    JsonNode critical = exactObject(root, "payload", Set.of("critical", "optional")).get("critical");
    exactObject(critical, "critical", Set.of("type", "image", "identity"));
    String type = text(critical.get("type"), "critical.type");
    if (!type.equals(expected.wireName())) {
      throw bad("unrecognized signature type '" + abbreviate(type) + "', expected '"
          + expected.wireName() + "'");
    }
    JsonNode image = exactObject(critical.get("image"), "critical.image", Set.of("docker-manifest-digest"));
    String digest = text(image.get("docker-manifest-digest"), "docker-manifest-digest");
    if (!SignaturePayload.isValidDigest(digest)) {
      throw bad("invalid docker-manifest-digest '" + abbreviate(digest) + "'");
    }
    JsonNode identity =
        exactObject(critical.get("identity"), "critical.identity", Set.of("docker-reference"));
    String reference = text(identity.get("docker-reference"), "docker-reference");
    if (reference.isEmpty()) {
      throw bad("empty docker-reference");
    }
    JsonNode optional = root.get("optional");
    Optional<String> creator = Optional.empty();
    OptionalLong timestamp = OptionalLong.empty();
    if (optional.isNull()) {
      if (expected != Type.COSIGN) {
        throw bad("optional must be an object");
      }
    } else if (optional.isObject()) {
      if (optional.has("creator")) {
        creator = Optional.of(text(optional.get("creator"), "optional.creator"));
      }
      if (optional.has("timestamp")) {
        timestamp = OptionalLong.of(integer(optional.get("timestamp")));
      }
    } else {
      throw bad("optional must be an object");
    }
    return new SignaturePayload(expected, reference, digest, creator, timestamp);
  }

  public static byte[] write(SignaturePayload p) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", p.dockerReference());
    critical.putObject("image").put("docker-manifest-digest", p.manifestDigest());
    critical.put("type", p.type().wireName());
    if (p.creator().isEmpty() && p.timestamp().isEmpty() && p.type() == Type.COSIGN) {
      root.putNull("optional");
    } else {
      ObjectNode optional = root.putObject("optional");
      p.creator().ifPresent(c -> optional.put("creator", c));
      if (p.timestamp().isPresent()) {
        optional.put("timestamp", p.timestamp().getAsLong());
      }
    }
    return Json.writeBytes(root);
  }

  private static JsonNode exactObject(JsonNode node, String where, Set<String> members)
      throws SignatureException {
    if (node == null || !node.isObject()) {
      throw bad(where + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!members.contains(name)) {
        throw bad("unknown member '" + abbreviate(name) + "' in " + where);
      }
    }
    for (String m : members) {
      if (!node.has(m)) {
        throw bad("member '" + m + "' missing in " + where);
      }
    }
    return node;
  }

  private static String text(JsonNode node, String where) throws SignatureException {
    if (node == null || !node.isTextual()) {
      throw bad(where + " must be a string");
    }
    return node.textValue();
  }

  /** Go decodes the timestamp as float64 and requires it to be integral; so do we. */
  private static long integer(JsonNode node) throws SignatureException {
    if (node == null || !node.isNumber()) {
      throw bad("optional.timestamp must be a number");
    }
    BigDecimal value = node.decimalValue();
    try {
      return value.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw bad("optional.timestamp is not an integer");
    }
  }

  private static SignatureException bad(String message) {
    return new SignatureException(Kind.BAD_SIGNATURE, message);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
