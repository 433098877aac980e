package dev.claviger.attestation;

import java.util.Objects;
import java.util.Optional;

/**
 * EAR token settings ({@code attestation_token_broker}); defaults as upstream's.
 *
 * @param durationMin token lifetime in minutes (default 5)
 * @param issuerName {@code iss}
 * @param developerName {@code ear.verifier-id.developer}
 * @param buildName {@code ear.verifier-id.build}
 * @param profileName {@code eat_profile}
 * @param verboseToken keep {@code additional-evidence} in {@code runtime_data_claims}
 * @param signer the signing key; empty = an ephemeral P-256 key generated at start
 */
public record TokenBrokerConfig(
    int durationMin,
    String issuerName,
    String developerName,
    String buildName,
    String profileName,
    boolean verboseToken,
    Optional<SignerConfig> signer) {

  public static final String DEFAULT_ISSUER = "CoCo-Attestation-Service";
  public static final String DEFAULT_DEVELOPER = "https://confidentialcontainers.org";
  public static final String DEFAULT_BUILD = "claviger-attestation 0.1.0";
  public static final String DEFAULT_PROFILE = "tag:github.com,2024:confidential-containers/Trustee";

  public TokenBrokerConfig {
    if (durationMin <= 0 || durationMin > 7 * 24 * 60) {
      throw new IllegalArgumentException("duration_min must be between 1 and 10080 minutes");
    }
    Objects.requireNonNull(issuerName, "issuerName");
    Objects.requireNonNull(developerName, "developerName");
    Objects.requireNonNull(buildName, "buildName");
    Objects.requireNonNull(profileName, "profileName");
    Objects.requireNonNull(signer, "signer");
  }

  public static TokenBrokerConfig defaults() {
    return new TokenBrokerConfig(5, DEFAULT_ISSUER, DEFAULT_DEVELOPER, DEFAULT_BUILD,
        DEFAULT_PROFILE, true, Optional.empty());
  }

  public TokenBrokerConfig withSigner(SignerConfig s) {
    return new TokenBrokerConfig(durationMin, issuerName, developerName, buildName, profileName,
        verboseToken, Optional.of(s));
  }

  public TokenBrokerConfig withDurationMin(int minutes) {
    return new TokenBrokerConfig(minutes, issuerName, developerName, buildName, profileName,
        verboseToken, signer);
  }

  public TokenBrokerConfig withIssuerName(String issuer) {
    return new TokenBrokerConfig(durationMin, issuer, developerName, buildName, profileName,
        verboseToken, signer);
  }
}
