package dev.claviger.kbs.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import dev.claviger.store.PolicyRepository;
import dev.claviger.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The KBS resource policy: Rego text stored under kind {@value #KIND}, id {@value #ID} (so every
 * replica sees an upload at once), compiled once per distinct text and cached by its SHA-256.
 * Rule {@code data.policy.allow}; undefined, non-boolean or an evaluation error all deny.
 */
public final class ResourcePolicy {
  public static final String KIND = "resource";
  public static final String ID = "resource-policy";
  public static final int MAX_POLICY_CHARS = 1 << 20;
  private static final String RULE = "data.policy.allow";

  private final PolicyRepository repository;
  private final String defaultText;
  /** Compiled policies by SHA-256 of their text; request data is bound per evaluation. */
  private final Cache<String, PolicyEngine> compiled = Caffeine.newBuilder().maximumSize(16).build();

  public ResourcePolicy(PolicyRepository repository, String defaultText) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
  }

  /** Claviger's built-in default (affirming only, never sample). */
  public static String builtinDefault() {
    try (InputStream in = ResourcePolicy.class.getResourceAsStream("/dev/claviger/kbs/policy/default-resource-policy.rego")) {
      return new String(Objects.requireNonNull(in, "default policy resource").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("default resource policy missing from the jar", e);
    }
  }

  /** Compiles and stores a new policy; a policy that does not compile is rejected and not stored. */
  public void set(String text) throws KbsException {
    if (text.length() > MAX_POLICY_CHARS) {
      throw new KbsException(ErrorType.PARSE_POLICY_ERROR, "policy larger than " + MAX_POLICY_CHARS + " characters");
    }
    engine(text);
    try {
      repository.put(KIND, ID, text);
    } catch (StoreException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "store failed to save the resource policy", e);
    }
  }

  /** Upstream's GET answers the list of policy ids, not the text. */
  public List<String> ids() throws KbsException {
    try {
      List<String> ids = repository.ids(KIND);
      return ids.isEmpty() ? List.of(ID) : ids;
    } catch (StoreException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "store failed to list resource policies", e);
    }
  }

  /**
   * Evaluates the policy.
   *
   * @throws KbsException {@code PolicyDeny} unless the rule is exactly {@code true}
   */
  public void check(JsonNode claims, String plugin, List<String> resourcePath, Map<String, String> query)
      throws KbsException {
    String text = current();
    Optional<Value> result;
    try {
      result = engine(text)
          .withData(Value.fromJson(data(plugin, resourcePath, query)))
          .evalRule(RULE, Value.fromJson(claims));
    } catch (PolicyException e) {
      throw new KbsException(ErrorType.POLICY_ENGINE_ERROR, "Policy engine error: " + e.getMessage(), e);
    }
    if (result.isEmpty() || !(result.get() instanceof Value.Bool b) || !b.value()) {
      throw new KbsException(ErrorType.POLICY_DENY, "Access denied by policy");
    }
  }

  private String current() throws KbsException {
    try {
      return repository.get(KIND, ID).orElse(defaultText);
    } catch (StoreException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "store failed to read the resource policy", e);
    }
  }

  private PolicyEngine engine(String text) throws KbsException {
    String key = sha256(text);
    PolicyEngine cached = compiled.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    try {
      PolicyEngine e = PolicyEngine.builder()
          .module("resource-policy.rego", text)
          .regoVersion(RegoVersion.V1)
          .build();
      compiled.put(key, e);
      return e;
    } catch (PolicyException e) {
      throw new KbsException(ErrorType.PARSE_POLICY_ERROR, "Invalid resource policy: " + e.getMessage(), e);
    }
  }

  static ObjectNode data(String plugin, List<String> resourcePath, Map<String, String> query) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("plugin", plugin);
    resourcePath.forEach(d.putArray("resource-path")::add);
    ObjectNode q = d.putObject("query");
    new java.util.TreeMap<>(query).forEach(q::put);
    return d;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
