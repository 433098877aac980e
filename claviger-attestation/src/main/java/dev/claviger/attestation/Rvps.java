package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Reference Value Provider Service: stores expected measurements with provenance and expiry and
 * answers {@code query_reference_value(id)} for appraisal policies. Thread-safe.
 */
public interface Rvps {
  /**
   * Registers the reference values in an RVPS message
   * {@code {"version":"0.1.0","type":"sample","payload":"<std base64 of {name: value}>"}}.
   *
   * @throws RvpsException {@link RvpsException.Reason#INVALID_MESSAGE} for a bad message
   */
  void register(JsonNode message) throws RvpsException;

  /** The value for {@code name}; expired values are not returned. */
  Optional<JsonNode> query(String name) throws RvpsException;

  /** Every stored reference value, expired ones included (they show their expiry). */
  List<ReferenceValue> list() throws RvpsException;

  /** @return true when a value was deleted */
  boolean delete(String name) throws RvpsException;
}
