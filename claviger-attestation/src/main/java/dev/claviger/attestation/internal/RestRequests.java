package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.attestation.InitDataInput;
import dev.claviger.attestation.RuntimeDataInput;
import dev.claviger.attestation.VerificationRequest;
import dev.claviger.core.Base64s;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.Tee;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the standalone REST API's bodies, in upstream restful-as's shapes. Every defect is a
 * {@link MalformedInputException} whose message names the field.
 */
public final class RestRequests {
  private RestRequests() {}

  /** A parsed {@code POST /attestation} body. */
  public record Attestation(List<VerificationRequest> requests, String policyId) {}

  /** A parsed {@code POST /policy} body. */
  public record SetPolicy(String policyId, String rego) {}

  public static Attestation attestation(byte[] body) throws MalformedInputException {
    JsonNode root = object(Json.parse(body), "request body");
    JsonNode list = root.get("verification_requests");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new MalformedInputException("'verification_requests' must be a non-empty array");
    }
    if (list.size() > DefaultAttestationService.MAX_REQUESTS) {
      throw new MalformedInputException(
          "more than " + DefaultAttestationService.MAX_REQUESTS + " verification requests");
    }
    List<VerificationRequest> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(individual(object(list.get(i), "verification_requests[" + i + "]"), i));
    }
    return new Attestation(out, policyId(root.get("policy_ids")));
  }

  /** Empty list means {@code default}; only the first id is used, as upstream. */
  private static String policyId(JsonNode ids) throws MalformedInputException {
    if (ids == null || ids.isNull() || (ids.isArray() && ids.isEmpty())) {
      return "default";
    }
    if (!ids.isArray() || !ids.get(0).isTextual()) {
      throw new MalformedInputException("'policy_ids' must be an array of strings");
    }
    return ids.get(0).textValue();
  }

  private static VerificationRequest individual(JsonNode r, int i) throws MalformedInputException {
    String at = "verification_requests[" + i + "].";
    String teeName = text(r, "tee", at);
    Tee tee = Tee.fromWire(teeName).orElseThrow(
        () -> new MalformedInputException(at + "tee: unknown TEE '" + abbreviate(teeName) + "'"));
    JsonNode evidence = Json.parse(Base64s.decodeUrlNoPad(text(r, "evidence", at)));
    HashAlgorithm hash = HashAlgorithm.SHA384;
    JsonNode alg = r.get("runtime_data_hash_algorithm");
    if (alg != null && !alg.isNull()) {
      if (!alg.isTextual()) {
        throw new MalformedInputException(at + "runtime_data_hash_algorithm must be a string");
      }
      hash = HashAlgorithm.fromWireName(alg.textValue());
    }
    return new VerificationRequest(tee, evidence, runtimeData(r.get("runtime_data"), at), hash,
        initData(r.get("init_data"), at));
  }

  private static Optional<RuntimeDataInput> runtimeData(JsonNode rd, String at)
      throws MalformedInputException {
    if (rd == null || rd.isNull()) {
      return Optional.empty();
    }
    JsonNode o = object(rd, at + "runtime_data");
    if (o.size() == 1 && o.has("raw") && o.get("raw").isTextual()) {
      return Optional.of(new RuntimeDataInput.Raw(Base64s.decodeUrlNoPad(o.get("raw").textValue())));
    }
    if (o.size() == 1 && o.has("structured")) {
      return Optional.of(new RuntimeDataInput.Structured(o.get("structured")));
    }
    throw new MalformedInputException(at + "runtime_data must be {\"raw\": <b64url>} or {\"structured\": <json>}");
  }

  private static Optional<InitDataInput> initData(JsonNode id, String at) throws MalformedInputException {
    if (id == null || id.isNull()) {
      return Optional.empty();
    }
    JsonNode o = object(id, at + "init_data");
    if (o.size() == 1 && o.has("init_data_digest") && o.get("init_data_digest").isTextual()) {
      return Optional.of(new InitDataInput.Digest(
          Base64s.decodeUrlNoPad(o.get("init_data_digest").textValue())));
    }
    if (o.size() == 1 && o.has("init_data_toml") && o.get("init_data_toml").isTextual()) {
      return Optional.of(new InitDataInput.Toml(o.get("init_data_toml").textValue()));
    }
    throw new MalformedInputException(
        at + "init_data must be {\"init_data_digest\": <b64url>} or {\"init_data_toml\": <string>}");
  }

  /** The TEE of a {@code POST /challenge} body {@code {"tee", "tee_params"}}. */
  public static Tee challengeTee(byte[] body) throws MalformedInputException {
    JsonNode root = object(Json.parse(body), "request body");
    String name = text(root, "tee", "");
    return Tee.fromWire(name).orElseThrow(
        () -> new MalformedInputException("tee: unknown TEE '" + abbreviate(name) + "'"));
  }

  public static SetPolicy setPolicy(byte[] body) throws MalformedInputException {
    JsonNode root = object(Json.parse(body), "request body");
    String id = text(root, "policy_id", "");
    byte[] rego = Base64s.decodeUrlNoPad(text(root, "policy", ""));
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    try {
      return new SetPolicy(id, utf8.decode(java.nio.ByteBuffer.wrap(rego)).toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MalformedInputException("policy is not UTF-8");
    }
  }

  private static JsonNode object(JsonNode n, String what) throws MalformedInputException {
    if (n == null || !n.isObject()) {
      throw new MalformedInputException(what + " must be a JSON object");
    }
    return n;
  }

  private static String text(JsonNode n, String key, String at) throws MalformedInputException {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw new MalformedInputException(at + key + " must be a string");
    }
    return v.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
