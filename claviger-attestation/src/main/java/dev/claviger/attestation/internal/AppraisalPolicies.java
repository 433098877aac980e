package dev.claviger.attestation.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.InvalidPolicyException;
import dev.claviger.core.Digests;
import dev.claviger.core.Hex;
import dev.claviger.policy.HostFunction;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.RegoVersion;
import dev.claviger.store.PolicyRepository;
import dev.claviger.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Appraisal policies by id ({@code default_cpu}, {@code default_gpu}, ...): stored ones first,
 * then the built-in defaults. Each (id, text) is compiled once and the engine cached; the store
 * is read on every lookup so replicas sharing it see each other's updates.
 */
final class AppraisalPolicies {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AppraisalPolicies.class);
  static final String KIND = "attestation";
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  static final String RV_FUNCTION = "query_reference_value";
  private static final Map<String, String> DEFAULTS = Map.of(
      "default_cpu", "default_cpu.rego",
      "default_gpu", "default_gpu.rego");

  private final PolicyRepository repo;
  private final HostFunction referenceValues;
  private final int maxChars;
  private final Map<String, String> defaults;
  private final Cache<String, PolicyEngine> engines =
      Caffeine.newBuilder().maximumSize(256).build();

  AppraisalPolicies(PolicyRepository repo, HostFunction referenceValues, int maxChars)
      throws AttestationException {
    this.repo = repo;
    this.referenceValues = referenceValues;
    this.maxChars = maxChars;
    java.util.HashMap<String, String> d = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      d.put(e.getKey(), resource(e.getValue()));
    }
    this.defaults = Map.copyOf(d);
  }

  /** The built-in default policy text for {@code id}, if there is one. */
  static String resource(String name) throws AttestationException {
    try (InputStream in = AppraisalPolicies.class.getResourceAsStream(
        "/dev/claviger/attestation/" + name)) {
      if (in == null) {
        throw new AttestationException("built-in policy " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AttestationException("cannot read built-in policy " + name, e);
    }
  }

  /**
   * Compiles the policies a KBS uses first, so the first attestation does not pay for it. A stored
   * policy that no longer compiles is logged, not fatal: it fails the attestations that use it.
   */
  void warmUp() {
    for (String id : DEFAULTS.keySet()) {
      try {
        engine(id);
      } catch (AttestationException e) {
        LOG.warn("appraisal policy {} is unusable: {}", id, e.getMessage());
      }
    }
  }

  void set(String id, String text) throws AttestationException {
    checkId(id);
    if (text == null || text.isEmpty()) {
      throw new InvalidPolicyException("policy '" + id + "' is empty");
    }
    if (text.length() > maxChars) {
      throw new InvalidPolicyException("policy '" + id + "' is longer than " + maxChars + " characters");
    }
    PolicyEngine engine = compile(id, text);
    try {
      repo.put(KIND, id, text);
    } catch (StoreException e) {
      throw new AttestationException("storing policy '" + id + "' failed: " + e.getMessage(), e);
    }
    engines.put(cacheKey(id, text), engine);
  }

  Optional<String> get(String id) throws AttestationException {
    checkId(id);
    try {
      Optional<String> stored = repo.get(KIND, id);
      return stored.isPresent() ? stored : Optional.ofNullable(defaults.get(id));
    } catch (StoreException e) {
      throw new AttestationException("reading policy '" + id + "' failed: " + e.getMessage(), e);
    }
  }

  List<String> ids() throws AttestationException {
    TreeSet<String> ids = new TreeSet<>(defaults.keySet());
    try {
      ids.addAll(repo.ids(KIND));
    } catch (StoreException e) {
      throw new AttestationException("listing policies failed: " + e.getMessage(), e);
    }
    return List.copyOf(ids);
  }

  /** The compiled engine for {@code id}. */
  PolicyEngine engine(String id) throws AttestationException {
    String text = get(id).orElseThrow(
        () -> new AttestationException("appraisal policy '" + id + "' does not exist"));
    String key = cacheKey(id, text);
    PolicyEngine cached = engines.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    PolicyEngine engine;
    try {
      engine = compile(id, text);
    } catch (InvalidPolicyException e) {
      throw new AttestationException("stored appraisal policy '" + id + "' does not compile: "
          + e.getMessage(), e);
    }
    engines.put(key, engine);
    return engine;
  }

  private PolicyEngine compile(String id, String text) throws InvalidPolicyException {
    try {
      return PolicyEngine.builder()
          .module(id + ".rego", text)
          .regoVersion(RegoVersion.V1)
          .hostFunction(RV_FUNCTION, 1, referenceValues)
          .build();
    } catch (PolicyException e) {
      throw new InvalidPolicyException("policy '" + id + "' does not compile: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InvalidPolicyException("policy '" + id + "' cannot be compiled: " + e, e);
    }
  }

  static void checkId(String id) throws InvalidPolicyException {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidPolicyException(
          "policy id must be 1-128 characters of [A-Za-z0-9_.-], starting alphanumeric");
    }
  }

  private static String cacheKey(String id, String text) {
    return id + '\0' + Hex.encode(Digests.sha256(text.getBytes(StandardCharsets.UTF_8)));
  }
}
