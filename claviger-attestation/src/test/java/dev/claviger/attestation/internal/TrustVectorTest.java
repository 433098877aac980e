package dev.claviger.attestation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.internal.TrustVector.Tier;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustVectorTest {

  @ParameterizedTest
  @CsvSource({"0,NONE", "1,NONE", "-1,NONE", "2,AFFIRMING", "31,AFFIRMING", "-2,AFFIRMING",
      "-32,AFFIRMING", "32,WARNING", "95,WARNING", "-33,WARNING", "-96,WARNING",
      "96,CONTRAINDICATED", "127,CONTRAINDICATED", "-97,CONTRAINDICATED", "-128,CONTRAINDICATED"})
  void tier_rustEarBoundaries(int value, Tier tier) {
    assertThat(Tier.of(value)).isEqualTo(tier);
  }

  @Test
  void status_worstTierWins() throws Exception {
    assertThat(TrustVector.of(Map.of("hardware", 2L, "executables", 3L, "configuration", 36L))
        .status()).isEqualTo(Tier.WARNING);
    assertThat(TrustVector.of(Map.of("hardware", 97L, "executables", 3L)).status())
        .isEqualTo(Tier.CONTRAINDICATED);
    assertThat(TrustVector.of(Map.of("hardware", 2L, "file-system", 0L)).status())
        .isEqualTo(Tier.AFFIRMING);
    assertThat(TrustVector.allZero().status()).isEqualTo(Tier.NONE);
  }

  @Test
  void of_unknownName_rejected() {
    assertThatThrownBy(() -> TrustVector.of(Map.of("firmware", 2L)))
        .isInstanceOf(AttestationException.class);
  }

  @Test
  void of_outOfRange_rejected() {
    assertThatThrownBy(() -> TrustVector.of(Map.of("hardware", 128L)))
        .isInstanceOf(AttestationException.class);
    assertThatThrownBy(() -> TrustVector.of(Map.of("hardware", -129L)))
        .isInstanceOf(AttestationException.class);
  }

  @Test
  void of_empty_rejected() {
    assertThatThrownBy(() -> TrustVector.of(Map.of()))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("At least one");
  }

  @Test
  void toJson_keepsOnlySetClaimsInAr4siOrder() throws Exception {
    assertThat(TrustVector.of(Map.of("hardware", 2L, "instance-identity", 0L)).toJson().toString())
        .isEqualTo("{\"instance-identity\":0,\"hardware\":2}");
  }
}
