package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The Attestation Service (RATS Verifier): verifies TEE evidence, appraises the claims with a Rego
 * policy against reference values, and issues a signed EAR token. Thread-safe. Create with
 * {@link AttestationServices#create}.
 */
public interface AttestationService {

  /**
   * Verifies, appraises and returns the signed EAR token for a KBS attestation: the primary
   * evidence bound to HASH(JCS(runtimeData)), and each additional device's evidence bound to
   * HASH(JCS({nonce, tee-pubkey})).
   *
   * @throws AttestationRejectedException the evidence or request is bad (maps to 401)
   * @throws AttestationException we failed (policy error, store, signing)
   */
  EarToken attest(AttestationRequest request)
      throws AttestationRejectedException, AttestationException;

  /**
   * The general form used by the standalone REST API: any number of individual verification
   * requests appraised with policy {@code <policyId>_<class>}, combined into one token.
   */
  EarToken evaluate(List<VerificationRequest> requests, String policyId)
      throws AttestationRejectedException, AttestationException;

  /**
   * Stores an appraisal policy after compiling it.
   *
   * @throws InvalidPolicyException the policy id or text is invalid (does not compile)
   */
  void setPolicy(String policyId, String regoText) throws AttestationException;

  Optional<String> getPolicy(String policyId) throws AttestationException;

  List<String> policyIds() throws AttestationException;

  /** JWKS JSON object of the EAR signing key(s), as {@code /.well-known/jwks.json} serves it. */
  JsonNode jwks();

  /** The EAR signing public key, so an all-in-one KBS can trust its own AS. */
  ECPublicKey signingKey();

  /** The token issuer name ({@code iss}). */
  String issuer();

  /** The reference value provider this service appraises against. */
  Rvps rvps();
}
