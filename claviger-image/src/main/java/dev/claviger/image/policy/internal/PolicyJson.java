package dev.claviger.image.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.policy.KeySource;
import dev.claviger.image.policy.PolicyRequirement;
import dev.claviger.image.policy.SignedIdentity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import dev.claviger.image.sign.internal.DockerName;

/** Strict policy.json reader (rules as containers/image signature/policy_config*.go). */
public final class PolicyJson {
  private static final int MAX_REQUIREMENTS = 64;
  private static final int MAX_SCOPES = 4096;
  private static final Set<String> KEY_TYPES =
      Set.of("GPGKeys", "signedByGPGKeys", "X509Certificates", "signedByX509CAs");
  private static final Pattern REMAP_DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?");

  /** The parsed document. */
  public record Parsed(List<PolicyRequirement> defaults,
      Map<String, Map<String, List<PolicyRequirement>>> transports) {}

  private PolicyJson() {}

  public static Parsed parse(byte[] json) throws MalformedInputException {
    JsonNode root = Json.parse(json);
    object(root, "policy", Set.of("default", "transports"));
    if (!root.has("default")) {
      throw new MalformedInputException("policy: \"default\" is missing");
    }
    List<PolicyRequirement> defaults = requirements(root.get("default"), "default");
    Map<String, Map<String, List<PolicyRequirement>>> transports = new LinkedHashMap<>();
    JsonNode t = root.get("transports");
    if (t != null && !t.isNull()) {
      if (!t.isObject()) {
        throw new MalformedInputException("policy: \"transports\" must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        transports.put(e.getKey(), scopes(e.getKey(), e.getValue()));
      }
    }
    return new Parsed(defaults, transports);
  }

  private static Map<String, List<PolicyRequirement>> scopes(String transport, JsonNode node)
      throws MalformedInputException {
    if (!node.isObject()) {
      throw new MalformedInputException("policy: transport '" + transport + "' must be an object");
    }
    if (node.size() > MAX_SCOPES) {
      throw new MalformedInputException("policy: more than " + MAX_SCOPES + " scopes");
    }
    Map<String, List<PolicyRequirement>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), requirements(e.getValue(), transport + " scope '" + e.getKey() + "'"));
    }
    return out;
  }

  private static List<PolicyRequirement> requirements(JsonNode node, String where)
      throws MalformedInputException {
    if (node == null || !node.isArray()) {
      throw new MalformedInputException("policy: " + where + " must be a list of requirements");
    }
    if (node.isEmpty()) {
      throw new MalformedInputException(
          "policy: " + where + ": list of verification policy requirements must not be empty");
    }
    if (node.size() > MAX_REQUIREMENTS) {
      throw new MalformedInputException("policy: " + where + ": too many requirements");
    }
    List<PolicyRequirement> out = new ArrayList<>();
    for (JsonNode r : node) {
      out.add(requirement(r, where));
    }
    return out;
  }

  private static PolicyRequirement requirement(JsonNode r, String where)
      throws MalformedInputException {
    if (!r.isObject()) {
      throw new MalformedInputException("policy: " + where + ": requirement must be an object");
    }
    String type = string(r, "type", where);
    return switch (type) {
      case "insecureAcceptAnything" -> {
        object(r, type, Set.of("type"));
        yield new PolicyRequirement.InsecureAcceptAnything();
      }
      case "reject" -> {
        object(r, type, Set.of("type"));
        yield new PolicyRequirement.Reject();
      }
      case "signedBy" -> signedBy(r);
      case "sigstoreSigned" -> SigstoreRequirementJson.parse(r);
      default -> throw new MalformedInputException(
          "policy: " + where + ": unknown policy requirement type '" + abbreviate(type) + "'");
    };
  }

  private static PolicyRequirement signedBy(JsonNode r) throws MalformedInputException {
    object(r, "signedBy",
        Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
    String keyType = string(r, "keyType", "signedBy");
    if (!KEY_TYPES.contains(keyType)) {
      throw new MalformedInputException("policy: signedBy: unrecognized keyType '"
          + abbreviate(keyType) + "'");
    }
    KeySource keys = keySource(r, "signedBy", "keyPath", "keyPaths", "keyData", null);
    SignedIdentity identity = r.has("signedIdentity")
        ? identity(r.get("signedIdentity"))
        : new SignedIdentity.MatchRepoDigestOrExact();
    return new PolicyRequirement.SignedBy(keyType, keys, identity);
  }

  /** Exactly one of the given members must be present. */
  static KeySource keySource(JsonNode r, String where, String path, String paths, String data,
      String datas) throws MalformedInputException {
    int n = (r.has(path) ? 1 : 0) + (r.has(paths) ? 1 : 0) + (r.has(data) ? 1 : 0)
        + (datas != null && r.has(datas) ? 1 : 0);
    if (n != 1) {
      throw new MalformedInputException("policy: " + where + ": exactly one of " + path + ", "
          + paths + (datas == null ? " and " : ", ") + data + (datas == null ? "" : " and " + datas)
          + " must be specified");
    }
    if (r.has(path)) {
      String p = string(r, path, where);
      if (p.isEmpty()) {
        throw new MalformedInputException("policy: " + where + ": empty " + path);
      }
      return new KeySource.Paths(List.of(p));
    }
    if (r.has(paths)) {
      return new KeySource.Paths(strings(r.get(paths), where + "." + paths));
    }
    if (r.has(data)) {
      return new KeySource.Inline(List.of(base64(r.get(data), where + "." + data)));
    }
    List<byte[]> all = new ArrayList<>();
    JsonNode arr = r.get(datas);
    if (!arr.isArray() || arr.isEmpty() || arr.size() > MAX_REQUIREMENTS) {
      throw new MalformedInputException("policy: " + where + "." + datas + " must be a non-empty list");
    }
    for (JsonNode d : arr) {
      all.add(base64(d, where + "." + datas));
    }
    return new KeySource.Inline(all);
  }

  static SignedIdentity identity(JsonNode n) throws MalformedInputException {
    if (n == null || !n.isObject()) {
      throw new MalformedInputException("policy: signedIdentity must be an object");
    }
    String type = string(n, "type", "signedIdentity");
    switch (type) {
      case "matchExact":
        object(n, type, Set.of("type"));
        return new SignedIdentity.MatchExact();
      case "matchRepoDigestOrExact":
        object(n, type, Set.of("type"));
        return new SignedIdentity.MatchRepoDigestOrExact();
      case "matchRepository":
        object(n, type, Set.of("type"));
        return new SignedIdentity.MatchRepository();
      case "exactReference": {
        object(n, type, Set.of("type", "dockerReference"));
        String ref = string(n, "dockerReference", type);
        DockerName parsed = parseRef(ref, type);
        if (parsed.isNameOnly()) {
          throw new MalformedInputException(
              "policy: exactReference dockerReference contains neither a tag nor digest");
        }
        return new SignedIdentity.ExactReference(ref);
      }
      case "exactRepository": {
        object(n, type, Set.of("type", "dockerRepository"));
        String repo = string(n, "dockerRepository", type);
        parseRef(repo, type);
        return new SignedIdentity.ExactRepository(repo);
      }
      case "remapIdentity": {
        object(n, type, Set.of("type", "prefix", "signedPrefix"));
        String prefix = string(n, "prefix", type);
        String signedPrefix = string(n, "signedPrefix", type);
        checkRemapPrefix(prefix);
        checkRemapPrefix(signedPrefix);
        return new SignedIdentity.RemapIdentity(prefix, signedPrefix);
      }
      default:
        throw new MalformedInputException(
            "policy: unknown policy reference match type '" + abbreviate(type) + "'");
    }
  }

  /** A host[:port] alone, or a full repository name that starts with a host. */
  private static void checkRemapPrefix(String s) throws MalformedInputException {
    if (REMAP_DOMAIN.matcher(s).matches()) {
      return;
    }
    int slash = s.indexOf('/');
    if (slash > 0 && REMAP_DOMAIN.matcher(s.substring(0, slash)).matches()) {
      try {
        DockerName n = DockerName.parse(s);
        if (n.isNameOnly() && n.name().equals(s)) {
          return;
        }
      } catch (IllegalArgumentException e) {
        // fall through to the error below
      }
    }
    throw new MalformedInputException("policy: remapIdentity prefix '" + abbreviate(s) + "' is not valid");
  }

  private static DockerName parseRef(String ref, String where) throws MalformedInputException {
    try {
      return DockerName.parse(ref);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("policy: " + where + ": invalid reference '"
          + abbreviate(ref) + "': " + e.getMessage());
    }
  }

  static void object(JsonNode n, String where, Set<String> allowed) throws MalformedInputException {
    if (n == null || !n.isObject()) {
      throw new MalformedInputException("policy: " + where + " must be an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new MalformedInputException("policy: " + where + ": unknown member '" + abbreviate(f) + "'");
      }
    }
  }

  static String string(JsonNode n, String member, String where) throws MalformedInputException {
    JsonNode v = n.get(member);
    if (v == null || !v.isTextual()) {
      throw new MalformedInputException("policy: " + where + ": \"" + member + "\" must be a string");
    }
    return v.textValue();
  }

  private static List<String> strings(JsonNode n, String where) throws MalformedInputException {
    if (n == null || !n.isArray() || n.isEmpty() || n.size() > MAX_REQUIREMENTS) {
      throw new MalformedInputException("policy: " + where + " must be a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : n) {
      if (!v.isTextual() || v.textValue().isEmpty()) {
        throw new MalformedInputException("policy: " + where + " must hold non-empty strings");
      }
      out.add(v.textValue());
    }
    return out;
  }

  private static byte[] base64(JsonNode n, String where) throws MalformedInputException {
    if (n == null || !n.isTextual()) {
      throw new MalformedInputException("policy: " + where + " must be a base64 string");
    }
    byte[] b = Base64s.decodeStd(n.textValue());
    if (b.length == 0) {
      throw new MalformedInputException("policy: " + where + " is empty");
    }
    return b;
  }

  static Optional<String> present(JsonNode n, String... members) {
    for (String m : members) {
      if (n.has(m)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
