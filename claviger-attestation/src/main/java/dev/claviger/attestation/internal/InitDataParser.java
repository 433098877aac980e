package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.claviger.core.Digests;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Init data (Trustee {@code initdata.md}): TOML with {@code version}, {@code algorithm} and a
 * {@code [data]} table of strings. The digest is H_alg over the raw body bytes, without
 * canonicalisation. The claims are the {@code data} table, with {@code cdh.toml}/{@code aa.toml}
 * turned into JSON and a Kata {@code policy.rego} replaced by its {@code policy_data} object
 * ({@code agent_policy_claims}), as upstream's AS does.
 */
public final class InitDataParser {
  static final int MAX_BODY_CHARS = 1 << 20;
  private static final TomlMapper TOML = new TomlMapper();
  private static final String POLICY_DATA = "policy_data := {";

  private InitDataParser() {}

  /** Digest and claims of one init-data TOML document. */
  public record Parsed(HashAlgorithm algorithm, byte[] digest, JsonNode claims) {}

  public static Parsed parse(String body) throws MalformedInputException {
    if (body.length() > MAX_BODY_CHARS) {
      throw new MalformedInputException("init data longer than " + MAX_BODY_CHARS + " characters");
    }
    JsonNode toml = readToml(body, "init data");
    JsonNode version = toml.get("version");
    if (version == null || !version.isTextual()) {
      throw new MalformedInputException("init data: 'version' must be a string");
    }
    JsonNode alg = toml.get("algorithm");
    if (alg == null || !alg.isTextual()) {
      throw new MalformedInputException("init data: 'algorithm' must be a string");
    }
    HashAlgorithm algorithm = HashAlgorithm.fromWireName(alg.textValue());
    JsonNode data = toml.get("data");
    if (data == null || !data.isObject()) {
      throw new MalformedInputException("init data: '[data]' table is required");
    }
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedInputException("init data: data." + e.getKey() + " must be a string");
      }
      claims.put(e.getKey(), e.getValue().textValue());
    }
    convertEmbeddedToml(claims);
    extractAgentPolicy(claims);
    byte[] digest = Digests.digest(algorithm, body.getBytes(StandardCharsets.UTF_8));
    return new Parsed(algorithm, digest, claims);
  }

  private static JsonNode readToml(String text, String what) throws MalformedInputException {
    try {
      JsonNode n = TOML.readTree(text);
      if (n == null || !n.isObject()) {
        throw new MalformedInputException(what + " is not a TOML document");
      }
      return n;
    } catch (IOException | RuntimeException e) {
      throw new MalformedInputException(what + " is not valid TOML");
    }
  }

  /** Upstream keeps the string when the embedded TOML does not parse. */
  private static void convertEmbeddedToml(ObjectNode claims) {
    for (String key : List.of("cdh.toml", "aa.toml")) {
      JsonNode v = claims.get(key);
      if (v != null && v.isTextual()) {
        try {
          claims.set(key, readToml(v.textValue(), key));
        } catch (MalformedInputException ignored) {
          // left as text, as upstream does
        }
      }
    }
  }

  /** Kata policies end with {@code policy_data := {...}}; that JSON object becomes the claims. */
  private static void extractAgentPolicy(ObjectNode claims) {
    JsonNode rego = claims.get("policy.rego");
    if (rego == null || !rego.isTextual()) {
      return;
    }
    String text = rego.textValue();
    int start = text.indexOf(POLICY_DATA);
    if (start < 0) {
      return;
    }
    try {
      JsonNode policyData = Json.parse(text.substring(start + POLICY_DATA.length() - 1));
      claims.remove("policy.rego");
      claims.set("agent_policy_claims", policyData);
    } catch (MalformedInputException ignored) {
      // upstream leaves policy.rego in place when policy_data is not the trailing JSON object
    }
  }
}
