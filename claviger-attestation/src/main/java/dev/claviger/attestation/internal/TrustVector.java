package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AR4SI trustworthiness vector: the eight claims with values in [-128, 127], and the
 * {@code ear.status} tier derived from them as rust-ear does.
 */
public final class TrustVector {
  /** Claim names in AR4SI key order. */
  public static final List<String> CLAIMS = List.of("instance-identity", "configuration",
      "executables", "file-system", "hardware", "runtime-opaque", "storage-opaque", "sourced-data");

  /** EAR tiers, best to worst. */
  public enum Tier {
    NONE("none"), AFFIRMING("affirming"), WARNING("warning"), CONTRAINDICATED("contraindicated");

    private final String wireName;

    Tier(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** rust-ear: |v|<=1 none; -32..31 affirming; -96..95 warning; otherwise contraindicated. */
    static Tier of(int v) {
      if (v >= -1 && v <= 1) {
        return NONE;
      }
      if (v >= -32 && v < 32) {
        return AFFIRMING;
      }
      if (v >= -96 && v < 96) {
        return WARNING;
      }
      return CONTRAINDICATED;
    }
  }

  private final Map<String, Integer> values;

  private TrustVector(Map<String, Integer> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Builds a vector from policy output; rejects unknown names and values outside an i8. */
  public static TrustVector of(Map<String, Long> claims) throws AttestationException {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (String name : claims.keySet()) {
      if (!CLAIMS.contains(name)) {
        throw new AttestationException("policy set unknown trust claim '" + name
            + "' (expected one of " + CLAIMS + ")");
      }
    }
    for (String name : CLAIMS) {
      Long v = claims.get(name);
      if (v == null) {
        continue;
      }
      if (v < -128 || v > 127) {
        throw new AttestationException(
            "trust claim '" + name + "' = " + v + " is outside [-128, 127]");
      }
      ordered.put(name, v.intValue());
    }
    if (ordered.isEmpty()) {
      throw new AttestationException("At least one policy claim must be set");
    }
    return new TrustVector(ordered);
  }

  /** All eight claims at 0 ("no claim"), upstream's result when trust_claims is undefined. */
  public static TrustVector allZero() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String c : CLAIMS) {
      m.put(c, 0);
    }
    return new TrustVector(m);
  }

  public Map<String, Integer> values() {
    return values;
  }

  /** The worst tier over the set claims. */
  public Tier status() {
    Tier worst = Tier.NONE;
    for (int v : values.values()) {
      Tier t = Tier.of(v);
      if (t.compareTo(worst) > 0) {
        worst = t;
      }
    }
    return worst;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    values.forEach(n::put);
    return n;
  }
}
