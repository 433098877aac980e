package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One KBS attestation (RCAR {@code /attest}).
 *
 * @param tee the primary TEE (from the session)
 * @param primaryEvidence {@code tee-evidence.primary_evidence}
 * @param runtimeData the structured runtime data the primary evidence binds:
 *     {@code {"nonce", "tee-pubkey", "additional-evidence": <string as sent>}}
 * @param runtimeDataHash SHA-384 (SHA-512 for {@code se})
 * @param initData the init data sent by the guest, if any
 * @param additionalEvidence device evidence by TEE (parsed from the {@code additional_evidence}
 *     string); each is bound to HASH(JCS({nonce, tee-pubkey}))
 * @param policyId the base appraisal policy id, {@code "default"} for a KBS
 */
public record AttestationRequest(
    Tee tee,
    JsonNode primaryEvidence,
    JsonNode runtimeData,
    HashAlgorithm runtimeDataHash,
    Optional<InitData> initData,
    Map<Tee, JsonNode> additionalEvidence,
    String policyId) {

  public AttestationRequest {
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(primaryEvidence, "primaryEvidence");
    Objects.requireNonNull(runtimeData, "runtimeData");
    Objects.requireNonNull(runtimeDataHash, "runtimeDataHash");
    Objects.requireNonNull(initData, "initData");
    Objects.requireNonNull(additionalEvidence, "additionalEvidence");
    Objects.requireNonNull(policyId, "policyId");
    additionalEvidence = additionalEvidence.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(additionalEvidence));
  }

  /** A request with no init data, no devices and policy {@code default}. */
  public static AttestationRequest of(
      Tee tee, JsonNode primaryEvidence, JsonNode runtimeData, HashAlgorithm runtimeDataHash) {
    return new AttestationRequest(
        tee, primaryEvidence, runtimeData, runtimeDataHash, Optional.empty(), Map.of(), "default");
  }
}
