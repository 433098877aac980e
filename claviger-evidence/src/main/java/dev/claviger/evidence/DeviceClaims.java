package dev.claviger.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The claims of one device in a piece of evidence, named as the upstream verifier names them
 * (they feed unmodified upstream Rego policies).
 *
 * @param teeClass the device class (selects the appraisal policy and EAR submodule)
 * @param claims a JSON object (defensively copied)
 */
public record DeviceClaims(TeeClass teeClass, JsonNode claims) {
  public DeviceClaims {
    Objects.requireNonNull(teeClass, "teeClass");
    Objects.requireNonNull(claims, "claims");
    if (!claims.isObject()) {
      throw new IllegalArgumentException("claims must be a JSON object");
    }
    claims = claims.deepCopy();
  }

  @Override
  public JsonNode claims() {
    return claims.deepCopy();
  }
}
