package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.attestation.internal.ConfigParser;
import dev.claviger.evidence.VerifierConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Attestation Service configuration.
 *
 * @param tokenBroker EAR settings
 * @param verifiers verifier options (sample verifiers disabled unless allowed there)
 * @param referenceValueLifetime how long a registered reference value stays valid (upstream: 12
 *     months)
 * @param maxPolicyChars upper bound on an appraisal policy's size
 */
public record AttestationConfig(
    TokenBrokerConfig tokenBroker,
    VerifierConfig verifiers,
    Duration referenceValueLifetime,
    int maxPolicyChars) {

  public AttestationConfig {
    Objects.requireNonNull(tokenBroker, "tokenBroker");
    Objects.requireNonNull(verifiers, "verifiers");
    Objects.requireNonNull(referenceValueLifetime, "referenceValueLifetime");
    if (referenceValueLifetime.isNegative() || referenceValueLifetime.isZero()) {
      throw new IllegalArgumentException("referenceValueLifetime must be positive");
    }
    if (maxPolicyChars <= 0) {
      throw new IllegalArgumentException("maxPolicyChars must be positive");
    }
  }

  /** Ephemeral signing key, hardware verifiers only, 365-day reference values, 1 MiB policies. */
  public static AttestationConfig defaults() {
    return new AttestationConfig(
        TokenBrokerConfig.defaults(), VerifierConfig.defaults(), Duration.ofDays(365), 1 << 20);
  }

  public AttestationConfig withTokenBroker(TokenBrokerConfig broker) {
    return new AttestationConfig(broker, verifiers, referenceValueLifetime, maxPolicyChars);
  }

  public AttestationConfig withVerifiers(VerifierConfig v) {
    return new AttestationConfig(tokenBroker, v, referenceValueLifetime, maxPolicyChars);
  }

  public AttestationConfig withReferenceValueLifetime(Duration lifetime) {
    return new AttestationConfig(tokenBroker, verifiers, lifetime, maxPolicyChars);
  }

  /**
   * Reads upstream-shaped configuration (JSON, or TOML read into a tree):
   * {@code attestation_token_broker} {duration_min, issuer_name, developer_name, build_name,
   * profile_name, verbose_token, signer {key_path, cert_path, cert_url}}, {@code verifier_config}
   * {sections by verifier name, plus our {@code allow_insecure_sample = true}}, and our
   * {@code reference_value_lifetime_days}. Unknown members of the token broker block are
   * errors, so a typo cannot silently drop the signing key.
   *
   * @throws AttestationException the configuration is invalid
   */
  public static AttestationConfig fromJson(JsonNode node) throws AttestationException {
    return ConfigParser.parse(node);
  }
}
