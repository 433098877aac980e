package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of evidence to verify, as upstream's {@code IndividualAttestationRequest}.
 *
 * @param tee the TEE
 * @param evidence the evidence JSON
 * @param runtimeData what the evidence's report data must bind; empty = no binding check
 * @param runtimeDataHash hash for structured runtime data
 * @param initData what the evidence's init-data field must bind; empty = none sent
 */
public record VerificationRequest(
    Tee tee,
    JsonNode evidence,
    Optional<RuntimeDataInput> runtimeData,
    HashAlgorithm runtimeDataHash,
    Optional<InitDataInput> initData) {

  public VerificationRequest {
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(runtimeData, "runtimeData");
    Objects.requireNonNull(runtimeDataHash, "runtimeDataHash");
    Objects.requireNonNull(initData, "initData");
  }
}
