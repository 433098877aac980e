package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffAfter_doublesUpToMax() {
    RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoffAfter(40)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void constructor_unboundedOrInverted_throws() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(21, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void presets_upstreamRcarAndResourceRetries() {
    assertThat(RetryPolicy.rcar().maxAttempts()).isEqualTo(5);
    assertThat(RetryPolicy.rcar().backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.rcar().backoffAfter(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.resource().maxAttempts()).isEqualTo(3);
    assertThat(RetryPolicy.resource().backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
  }
}
