package dev.claviger.attestation;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.Tee;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttestationConfigTest {

  @Test
  void fromJson_upstreamShape_parsed() throws Exception {
    AttestationConfig c = AttestationConfig.fromJson(M.readTree("""
        {"attestation_token_broker": {"duration_min": 10, "issuer_name": "my-as",
           "signer": {"key_path": "/etc/as/key.pem", "cert_path": "/etc/as/chain.pem"}},
         "verifier_config": {"allow_insecure_sample": true, "snp_verifier": {"vcek_sources": []}},
         "reference_value_lifetime_days": 30}"""));
    assertThat(c.tokenBroker().durationMin()).isEqualTo(10);
    assertThat(c.tokenBroker().issuerName()).isEqualTo("my-as");
    assertThat(c.tokenBroker().profileName()).isEqualTo(TokenBrokerConfig.DEFAULT_PROFILE);
    assertThat(c.tokenBroker().signer().orElseThrow().keyPath()).isEqualTo(Path.of("/etc/as/key.pem"));
    assertThat(c.tokenBroker().signer().orElseThrow().certPath()).contains(Path.of("/etc/as/chain.pem"));
    assertThat(c.verifiers().enables(Tee.SAMPLE)).isTrue();
    assertThat(c.verifiers().options("snp_verifier")).isPresent();
    assertThat(c.referenceValueLifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void fromJson_emptyOrNull_defaults() throws Exception {
    AttestationConfig c = AttestationConfig.fromJson(M.readTree("{}"));
    assertThat(c).isEqualTo(AttestationConfig.defaults());
    assertThat(AttestationConfig.fromJson(null).verifiers().insecureSampleAllowed()).isFalse();
    assertThat(c.tokenBroker().durationMin()).isEqualTo(5);
    assertThat(c.tokenBroker().signer()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "{\"attestation_token_broker\": {\"signerr\": {}}}",
      "{\"attestation_token_broker\": {\"signer\": {\"keypath\": \"/k\"}}}",
      "{\"attestation_token_broker\": {\"signer\": {}}}",
      "{\"attestation_token_broker\": {\"duration_min\": 0}}",
      "{\"attestation_token_broker\": {\"duration_min\": \"5\"}}",
      "{\"attestation_token_broker\": {\"verbose_token\": \"yes\"}}",
      "{\"verifier_config\": {\"allow_insecure_sample\": \"true\"}}",
      "{\"reference_value_lifetime_days\": -1}"
  })
  void fromJson_invalid_attestationException(String json) {
    assertThatThrownBy(() -> AttestationConfig.fromJson(M.readTree(json)))
        .isInstanceOf(AttestationException.class);
  }
}
