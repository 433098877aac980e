package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationConfig;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationRejectedException;
import dev.claviger.attestation.AttestationRequest;
import dev.claviger.attestation.AttestationService;
import dev.claviger.attestation.EarToken;
import dev.claviger.attestation.InitData;
import dev.claviger.attestation.InitDataInput;
import dev.claviger.attestation.Rvps;
import dev.claviger.attestation.RuntimeDataInput;
import dev.claviger.attestation.VerificationRequest;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.store.Store;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The Attestation Service: request shaping, then {@link Pipeline}, then the EAR. */
public final class DefaultAttestationService implements AttestationService {
  static final int MAX_REQUESTS = 64;

  private final AttestationConfig config;
  private final DefaultRvps rvps;
  private final AppraisalPolicies policies;
  private final EarSigner signer;
  private final Pipeline pipeline;

  private DefaultAttestationService(AttestationConfig config, DefaultRvps rvps,
      AppraisalPolicies policies, EarSigner signer, Pipeline pipeline) {
    this.config = config;
    this.rvps = rvps;
    this.policies = policies;
    this.signer = signer;
    this.pipeline = pipeline;
  }

  public static DefaultAttestationService create(AttestationConfig config, Store store, Clock clock)
      throws AttestationException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    VerifierRegistry registry;
    try {
      registry = VerifierRegistry.load(config.verifiers());
    } catch (EvidenceException e) {
      throw new AttestationException("cannot load verifiers: " + e.getMessage(), e);
    }
    DefaultRvps rvps = new DefaultRvps(store.referenceValues(), clock, config.referenceValueLifetime());
    AppraisalPolicies policies = new AppraisalPolicies(
        store.policies(), new ReferenceValueFunction(rvps), config.maxPolicyChars());
    policies.warmUp();
    EarSigner signer = EarSigner.create(config.tokenBroker().signer());
    EarIssuer issuer = new EarIssuer(config.tokenBroker(), signer, clock);
    Pipeline pipeline = new Pipeline(registry, policies, issuer, clock, config.tokenBroker().verboseToken());
    return new DefaultAttestationService(config, rvps, policies, signer, pipeline);
  }

  @Override
  public EarToken attest(AttestationRequest request)
      throws AttestationRejectedException, AttestationException {
    Objects.requireNonNull(request, "request");
    if (!request.runtimeData().isObject()) {
      throw new AttestationRejectedException("runtime data must be a JSON object");
    }
    List<VerificationRequest> requests = new ArrayList<>();
    requests.add(new VerificationRequest(request.tee(), request.primaryEvidence(),
        Optional.of(new RuntimeDataInput.Structured(request.runtimeData())),
        request.runtimeDataHash(), initData(request.initData())));
    if (!request.additionalEvidence().isEmpty()) {
      JsonNode deviceRuntimeData = deviceRuntimeData(request.runtimeData());
      for (Map.Entry<Tee, JsonNode> e : request.additionalEvidence().entrySet()) {
        requests.add(new VerificationRequest(e.getKey(), e.getValue(),
            Optional.of(new RuntimeDataInput.Structured(deviceRuntimeData)),
            e.getKey() == Tee.SE ? HashAlgorithm.SHA512 : HashAlgorithm.SHA384, Optional.empty()));
      }
    }
    return evaluate(requests, request.policyId());
  }

  private static Optional<InitDataInput> initData(Optional<InitData> initData)
      throws AttestationRejectedException {
    if (initData.isEmpty()) {
      return Optional.empty();
    }
    if (!"toml".equals(initData.get().format())) {
      throw new AttestationRejectedException("unsupported init-data format '"
          + abbreviate(initData.get().format()) + "' (only toml)");
    }
    return Optional.of(new InitDataInput.Toml(initData.get().body()));
  }

  /** Devices bind {nonce, tee-pubkey} only: the primary binding already covers their evidence. */
  private static JsonNode deviceRuntimeData(JsonNode runtimeData) throws AttestationRejectedException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String key : List.of("nonce", "tee-pubkey")) {
      JsonNode v = runtimeData.get(key);
      if (v == null) {
        throw new AttestationRejectedException("runtime data has no '" + key + "'");
      }
      out.set(key, v.deepCopy());
    }
    return out;
  }

  @Override
  public EarToken evaluate(List<VerificationRequest> requests, String policyId)
      throws AttestationRejectedException, AttestationException {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(policyId, "policyId");
    if (requests.isEmpty()) {
      throw new AttestationRejectedException("no verification requests provided");
    }
    if (requests.size() > MAX_REQUESTS) {
      throw new AttestationRejectedException("more than " + MAX_REQUESTS + " verification requests");
    }
    if (!AppraisalPolicies.ID.matcher(policyId).matches()) {
      throw new AttestationRejectedException("invalid policy id");
    }
    return pipeline.run(requests, policyId);
  }

  @Override
  public void setPolicy(String policyId, String regoText) throws AttestationException {
    policies.set(policyId, regoText);
  }

  @Override
  public Optional<String> getPolicy(String policyId) throws AttestationException {
    return policies.get(policyId);
  }

  @Override
  public List<String> policyIds() throws AttestationException {
    return policies.ids();
  }

  @Override
  public JsonNode jwks() {
    return signer.jwks();
  }

  @Override
  public ECPublicKey signingKey() {
    return signer.publicKey();
  }

  @Override
  public String issuer() {
    return config.tokenBroker().issuerName();
  }

  @Override
  public Rvps rvps() {
    return rvps;
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
