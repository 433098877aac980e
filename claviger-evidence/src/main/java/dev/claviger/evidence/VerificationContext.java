package dev.claviger.evidence;

import java.time.Instant;

/**
 * What a verifier gets besides the evidence: the evaluation instant (certificate, CRL and TCB
 * validity are judged at this instant, never at the wall clock), the configuration, and the
 * capability to issue the result. Created only by {@link VerifierRegistry}.
 */
public final class VerificationContext {
  private final Instant now;
  private final VerifierConfig config;
  private final VerifierAccess access;

  VerificationContext(Instant now, VerifierConfig config, VerifierAccess access) {
    this.now = now;
    this.config = config;
    this.access = access;
  }

  /** The evaluation instant. */
  public Instant now() {
    return now;
  }

  public VerifierConfig config() {
    return config;
  }

  /** The capability to mint this call's {@link VerifiedEvidence}. */
  public VerifierAccess access() {
    return access;
  }
}
