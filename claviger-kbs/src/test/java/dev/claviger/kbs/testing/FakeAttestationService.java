package dev.claviger.kbs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationRejectedException;
import dev.claviger.attestation.AttestationRequest;
import dev.claviger.attestation.AttestationService;
import dev.claviger.attestation.EarToken;
import dev.claviger.attestation.InvalidPolicyException;
import dev.claviger.attestation.ReferenceValue;
import dev.claviger.attestation.Rvps;
import dev.claviger.attestation.RvpsException;
import dev.claviger.attestation.VerificationRequest;
import dev.claviger.core.CanonicalJson;
import dev.claviger.evidence.Tee;
import dev.claviger.kbs.internal.json.KbsJson;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double of the Attestation Service for KBS tests that must run without the real verifier
 * stack: it checks the sample report-data binding (SHA-384 of JCS runtime data) and signs an EAR
 * with a test key. The real AS is exercised by {@code ClavigerServerIT}.
 */
public final class FakeAttestationService implements AttestationService {
  private final TestTokens signer = new TestTokens();
  private final Clock clock;
  private final Map<String, String> policies = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> rvs = new ConcurrentHashMap<>();
  public volatile String status = "affirming";
  public final List<AttestationRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FakeAttestationService(Clock clock) {
    this.clock = clock;
  }

  public TestTokens signer() {
    return signer;
  }

  @Override
  public EarToken attest(AttestationRequest r) throws AttestationRejectedException {
    requests.add(r);
    if (r.tee() != Tee.SAMPLE) {
      throw new AttestationRejectedException("fake AS only handles sample");
    }
    try {
      byte[] expected = MessageDigest.getInstance("SHA-384").digest(CanonicalJson.canonicalize(r.runtimeData()));
      byte[] actual = Base64.getDecoder().decode(r.primaryEvidence().path("report_data").asText());
      if (!MessageDigest.isEqual(expected, actual)) {
        throw new AttestationRejectedException("report data does not match runtime data");
      }
    } catch (AttestationRejectedException e) {
      throw e;
    } catch (Exception e) {
      throw new AttestationRejectedException("bad evidence", e);
    }
    Instant exp = clock.instant().plusSeconds(300);
    ObjectNode claims = TestTokens.ear(r.runtimeData().get("tee-pubkey"), "sample", status, exp);
    return new EarToken(signer.sign(claims), exp);
  }

  @Override
  public EarToken evaluate(List<VerificationRequest> requests, String policyId) throws AttestationException {
    throw new AttestationException("not used by the KBS");
  }

  @Override
  public void setPolicy(String policyId, String regoText) throws AttestationException {
    if (!regoText.contains("package")) {
      throw new InvalidPolicyException("not a Rego module");
    }
    policies.put(policyId, regoText);
  }

  @Override
  public Optional<String> getPolicy(String policyId) {
    return Optional.ofNullable(policies.get(policyId));
  }

  @Override
  public List<String> policyIds() {
    return new ArrayList<>(policies.keySet());
  }

  @Override
  public JsonNode jwks() {
    return KbsJson.mapper().createObjectNode();
  }

  @Override
  public ECPublicKey signingKey() {
    return signer.publicKey();
  }

  @Override
  public String issuer() {
    return "test-as";
  }

  @Override
  public Rvps rvps() {
    return new Rvps() {
      @Override
      public void register(JsonNode message) throws RvpsException {
        if (!"0.1.0".equals(message.path("version").asText())) {
          throw new RvpsException(RvpsException.Reason.INVALID_MESSAGE, "bad version");
        }
        try {
          JsonNode payload = KbsJson.mapper().readTree(Base64.getDecoder().decode(message.path("payload").asText()));
          payload.fields().forEachRemaining(e -> rvs.put(e.getKey(), e.getValue()));
        } catch (Exception e) {
          throw new RvpsException(RvpsException.Reason.INVALID_MESSAGE, "bad payload");
        }
      }

      @Override
      public Optional<JsonNode> query(String name) {
        return Optional.ofNullable(rvs.get(name));
      }

      @Override
      public List<ReferenceValue> list() {
        List<ReferenceValue> out = new ArrayList<>();
        rvs.forEach((k, v) -> out.add(new ReferenceValue(k, v, "sample", clock.instant(), Optional.empty())));
        return out;
      }

      @Override
      public boolean delete(String name) {
        return rvs.remove(name) != null;
      }
    };
  }
}
