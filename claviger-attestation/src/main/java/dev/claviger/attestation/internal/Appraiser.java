package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.policy.Num;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an appraisal policy: {@code data.policy.trust_claims} gives the trust vector and
 * {@code data.policy.extensions} the EAR extensions ({@code [{name, key, value}]}). Every
 * malformed result is an {@link AttestationException}; nothing is guessed.
 */
final class Appraiser {
  static final String TRUST_CLAIMS = "data.policy.trust_claims";
  static final String EXTENSIONS = "data.policy.extensions";
  /** Appraisal members an extension must not overwrite. */
  private static final Set<String> RESERVED = Set.of("ear.status", "ear.trustworthiness-vector",
      "ear.appraisal-policy-id", "ear.veraison.annotated-evidence", "ear.veraison.policy-claims",
      "ear.veraison.key-attestation");

  /** A policy extension. */
  record Extension(String name, int key, JsonNode value) {}

  /** The result of one appraisal. */
  record Result(TrustVector vector, List<Extension> extensions) {}

  private Appraiser() {}

  static Result appraise(String policyId, PolicyEngine engine, ObjectNode input)
      throws AttestationException {
    Value in = Value.fromJson(input);
    Optional<Value> trust = eval(policyId, engine, TRUST_CLAIMS, in);
    TrustVector vector = trust.isEmpty() ? TrustVector.allZero() : vector(policyId, trust.get());
    Optional<Value> ext = eval(policyId, engine, EXTENSIONS, in);
    return new Result(vector, ext.isEmpty() ? List.of() : extensions(policyId, ext.get()));
  }

  private static Optional<Value> eval(String policyId, PolicyEngine engine, String rule, Value in)
      throws AttestationException {
    try {
      return engine.evalRule(rule, in);
    } catch (PolicyException e) {
      throw new AttestationException("policy '" + policyId + "' failed evaluating " + rule + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new AttestationException("policy '" + policyId + "' failed evaluating " + rule + ": " + e, e);
    }
  }

  private static TrustVector vector(String policyId, Value v) throws AttestationException {
    if (!(v instanceof Value.Obj obj)) {
      throw new AttestationException("policy '" + policyId + "': trust_claims is a " + v.typeName()
          + ", not an object");
    }
    Map<String, Long> claims = new LinkedHashMap<>();
    for (Map.Entry<Value, Value> e : obj.map().entrySet()) {
      if (!(e.getKey() instanceof Value.Str name)) {
        throw new AttestationException("policy '" + policyId + "': trust claim name " + e.getKey()
            + " is not a string");
      }
      claims.put(name.value(), integer(policyId, "trust claim '" + name.value() + "'", e.getValue()));
    }
    return TrustVector.of(claims);
  }

  private static long integer(String policyId, String what, Value v) throws AttestationException {
    if (v instanceof Num n && n.isInteger() && n.isLong()) {
      return n.longValue();
    }
    throw new AttestationException("policy '" + policyId + "': " + what + " = " + v
        + " is not an integer");
  }

  private static List<Extension> extensions(String policyId, Value v) throws AttestationException {
    if (!(v instanceof Value.Arr arr)) {
      throw new AttestationException("policy '" + policyId + "': extensions is not an array");
    }
    List<Extension> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<Integer> keys = new HashSet<>();
    for (Value item : arr.items()) {
      Extension x = extension(policyId, item);
      if (RESERVED.contains(x.name()) || !names.add(x.name()) || !keys.add(x.key())) {
        throw new AttestationException("policy '" + policyId + "': extension '" + x.name()
            + "' (key " + x.key() + ") is reserved or defined twice");
      }
      out.add(x);
    }
    return out;
  }

  private static Extension extension(String policyId, Value item) throws AttestationException {
    if (!(item instanceof Value.Obj o) || !(o.get("name") instanceof Value.Str name)
        || o.get("key") == null || o.get("value") == null) {
      throw new AttestationException("policy '" + policyId
          + "': each extension must be an object {name: string, key: integer, value}");
    }
    long key = integer(policyId, "extension key", o.get("key"));
    if (key < Integer.MIN_VALUE || key > Integer.MAX_VALUE) {
      throw new AttestationException("policy '" + policyId + "': extension key out of i32 range");
    }
    return new Extension(name.value(), (int) key, o.get("value").toJson());
  }
}
