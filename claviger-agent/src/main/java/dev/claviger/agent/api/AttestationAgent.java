package dev.claviger.agent.api;

import dev.claviger.core.SecretBytes;
import java.util.List;

/**
 * The attestation-agent operations the REST API exposes under {@code /aa}, with upstream AA's
 * semantics (guest-components {@code attestation-agent.proto}).
 */
public interface AttestationAgent {

  /** The primary TEE's KBS protocol name ({@code GetTeeType}). */
  String tee();

  /** Device TEEs attested alongside the primary one ({@code GetAdditionalTees}). */
  List<String> additionalTees();

  /** Evidence JSON bytes with {@code runtimeData} passed unhashed as report data. */
  byte[] evidence(byte[] runtimeData) throws AgentApiException;

  /** JSON map TEE name to evidence for device attesters, or no bytes when there are none. */
  byte[] additionalEvidence(byte[] runtimeData) throws AgentApiException;

  /** {@code GetToken(tokenType)}; for {@code kbs} this carries a private key, hence a secret. */
  SecretBytes token(String tokenType) throws AgentApiException;

  /** Result of {@code ExtendRuntimeMeasurement}, as upstream's enum. */
  enum MeasurementResult { OK, NOT_SUPPORTED, NOT_ENABLED }

  /** Extends the AA event log ({@code ExtendRuntimeMeasurement}). */
  MeasurementResult extendRuntimeMeasurement(String domain, String operation, String content)
      throws AgentApiException;
}
