package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationRejectedException;
import dev.claviger.attestation.EarToken;
import dev.claviger.attestation.InitDataInput;
import dev.claviger.attestation.RuntimeDataInput;
import dev.claviger.attestation.VerificationRequest;
import dev.claviger.core.CanonicalJson;
import dev.claviger.core.Digests;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.DeviceClaims;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trustee's evaluation pipeline: for each request, the expected report data (HASH(JCS(runtime
 * data)) or raw) and init-data digest, verification by the TEE's verifier, claim transformation,
 * and appraisal by policy {@code <policyId>_<class>}; then one EAR over all appraisals.
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final VerifierRegistry registry;
  private final AppraisalPolicies policies;
  private final EarIssuer issuer;
  private final Clock clock;
  private final boolean verbose;

  Pipeline(VerifierRegistry registry, AppraisalPolicies policies, EarIssuer issuer, Clock clock,
      boolean verbose) {
    this.registry = registry;
    this.policies = policies;
    this.issuer = issuer;
    this.clock = clock;
    this.verbose = verbose;
  }

  EarToken run(List<VerificationRequest> requests, String policyId)
      throws AttestationRejectedException, AttestationException {
    List<Submodule> submodules = new ArrayList<>();
    for (VerificationRequest r : requests) {
      Bindings b = bindings(r);
      VerifiedEvidence verified = verify(r, b);
      for (DeviceClaims device : verified.devices()) {
        ObjectNode input = ClaimsTransformer.transform(
            verified, device, b.runtimeClaims(), b.initClaims(), verbose);
        String fullId = policyId + "_" + device.teeClass().wireName();
        Appraiser.Result result = Appraiser.appraise(fullId, policies.engine(fullId), input);
        LOG.info("appraised {} evidence ({}) with policy {}: {}", r.tee(), device.teeClass(),
            fullId, result.vector().status().wireName());
        submodules.add(new Submodule(device.teeClass(), result.vector(), policyId, input,
            result.extensions()));
      }
    }
    return issuer.issue(submodules);
  }

  /** What one request's evidence must bind, and the claims that describe it. */
  private record Bindings(ExpectedReportData reportData, JsonNode runtimeClaims,
      ExpectedInitData initData, JsonNode initClaims) {}

  private static Bindings bindings(VerificationRequest r) throws AttestationRejectedException {
    ExpectedReportData rd = ExpectedReportData.NOT_PROVIDED;
    JsonNode runtimeClaims = null;
    if (r.runtimeData().isPresent()) {
      switch (r.runtimeData().get()) {
        case RuntimeDataInput.Raw raw -> rd = nonEmptyReportData(raw.bytes());
        case RuntimeDataInput.Structured s -> {
          runtimeClaims = s.json();
          rd = ExpectedReportData.of(Digests.digest(r.runtimeDataHash(), canonical(runtimeClaims)));
        }
      }
    }
    ExpectedInitData id = ExpectedInitData.NOT_PROVIDED;
    JsonNode initClaims = null;
    if (r.initData().isPresent()) {
      switch (r.initData().get()) {
        case InitDataInput.Digest d -> {
          if (d.bytes().length == 0) {
            throw new AttestationRejectedException("init-data digest is empty");
          }
          id = ExpectedInitData.of(d.bytes());
        }
        case InitDataInput.Toml t -> {
          InitDataParser.Parsed p = parseInitData(t.body());
          id = ExpectedInitData.of(p.digest());
          initClaims = p.claims();
        }
      }
    }
    return new Bindings(rd, runtimeClaims, id, initClaims);
  }

  private static ExpectedReportData nonEmptyReportData(byte[] raw) throws AttestationRejectedException {
    if (raw.length == 0) {
      throw new AttestationRejectedException("raw runtime data is empty");
    }
    return ExpectedReportData.of(raw);
  }

  private static byte[] canonical(JsonNode json) throws AttestationRejectedException {
    try {
      return CanonicalJson.canonicalize(json);
    } catch (MalformedInputException e) {
      throw new AttestationRejectedException("runtime data cannot be canonicalized: " + e.getMessage(), e);
    }
  }

  private static InitDataParser.Parsed parseInitData(String body) throws AttestationRejectedException {
    try {
      return InitDataParser.parse(body);
    } catch (MalformedInputException e) {
      throw new AttestationRejectedException("invalid init data: " + e.getMessage(), e);
    }
  }

  private VerifiedEvidence verify(VerificationRequest r, Bindings b)
      throws AttestationRejectedException, AttestationException {
    try {
      return registry.verify(new Evidence(r.tee(), r.evidence()), b.reportData(), b.initData(),
          clock.instant());
    } catch (EvidenceRejectedException e) {
      throw new AttestationRejectedException(r.tee() + " evidence rejected: " + e.getMessage(), e);
    } catch (EvidenceException e) {
      throw new AttestationException(r.tee() + " evidence could not be verified: " + e.getMessage(), e);
    }
  }
}
