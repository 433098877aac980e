package dev.claviger.attestation.internal;

import dev.claviger.attestation.Rvps;
import dev.claviger.attestation.RvpsException;
import dev.claviger.policy.HostFunction;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import java.util.List;
import java.util.Optional;

/**
 * The Rego builtin {@code query_reference_value(id)}: the reference value, or {@code null} when
 * there is none (or it expired), as upstream. A store failure aborts evaluation (fail closed).
 */
final class ReferenceValueFunction implements HostFunction {
  private final Rvps rvps;

  ReferenceValueFunction(Rvps rvps) {
    this.rvps = rvps;
  }

  @Override
  public Value apply(List<Value> args) throws PolicyException {
    if (args.size() != 1 || !(args.get(0) instanceof Value.Str id)) {
      throw new PolicyException(PolicyException.Kind.BUILTIN,
          "query_reference_value expects one string argument");
    }
    Optional<com.fasterxml.jackson.databind.JsonNode> v;
    try {
      v = rvps.query(id.value());
    } catch (RvpsException e) {
      if (e.reason() == RvpsException.Reason.INVALID_MESSAGE) {
        return Value.NULL;
      }
      throw new PolicyException(PolicyException.Kind.BUILTIN,
          "query_reference_value: reference value store failed: " + e.getMessage());
    }
    return v.isPresent() ? Value.fromJson(v.get()) : Value.NULL;
  }
}
