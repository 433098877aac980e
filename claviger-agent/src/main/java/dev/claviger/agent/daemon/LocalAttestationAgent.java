package dev.claviger.agent.daemon;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.api.AgentApiException;
import dev.claviger.agent.api.AttestationAgent;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.util.List;
import java.util.Objects;

/**
 * The AA operations over one attester and one KBS client. Device attesters and the AAEL event
 * log are not implemented: additional evidence is empty (as upstream without devices) and
 * measurement extension answers {@code NOT_ENABLED} (upstream's answer with the default
 * {@code enable_eventlog = false}).
 */
public final class LocalAttestationAgent implements AttestationAgent {
  private final Attester attester;
  private final KbsClient kbs;

  public LocalAttestationAgent(Attester attester, KbsClient kbs) {
    this.attester = Objects.requireNonNull(attester, "attester");
    this.kbs = Objects.requireNonNull(kbs, "kbs");
  }

  @Override
  public String tee() {
    return attester.tee();
  }

  @Override
  public List<String> additionalTees() {
    return List.of();
  }

  @Override
  public byte[] evidence(byte[] runtimeData) throws AgentApiException {
    try {
      return Json.writeBytes(attester.evidence(runtimeData));
    } catch (AttesterException e) {
      throw new AgentApiException("get evidence failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] additionalEvidence(byte[] runtimeData) {
    return new byte[0];
  }

  /** {@code kbs}: a fresh RCAR with a fresh key pair (upstream GetToken); {@code coco_as} is not offered. */
  @Override
  public SecretBytes token(String tokenType) throws AgentApiException {
    if (!tokenType.equals("kbs")) {
      throw new AgentApiException("Unsupported token type " + (tokenType.length() > 32 ? tokenType.substring(0, 32) + "..." : tokenType));
    }
    try {
      KbsClient.TokenWithKey token = kbs.freshToken();
      try (SecretBytes pem = token.privateKeyPem()) {
        return token.toJson();
      }
    } catch (KbsClientException e) {
      throw new AgentApiException("get token failed: " + e.getMessage(), e);
    }
  }

  @Override
  public MeasurementResult extendRuntimeMeasurement(String domain, String operation, String content) {
    return MeasurementResult.NOT_ENABLED;
  }

  @Override
  public String toString() {
    return "LocalAttestationAgent[" + attester.tee() + "]";
  }
}
