package dev.claviger.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Produces TEE evidence that binds caller-chosen report data.
 *
 * <p>Implementations must be thread-safe. The evidence JSON shape is the one the upstream
 * guest-components attester for the same TEE emits, so that upstream verifiers accept it.
 */
public interface Attester {

  /** The KBS protocol name of this TEE ({@code "sample"}, {@code "tdx"}, {@code "snp"}, ...). */
  String tee();

  /**
   * Returns evidence whose report data field carries {@code reportData}.
   *
   * @throws AttesterException if the platform cannot produce evidence or rejects the report data
   */
  JsonNode evidence(byte[] reportData) throws AttesterException;
}
