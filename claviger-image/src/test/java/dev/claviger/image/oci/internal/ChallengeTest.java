package dev.claviger.image.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parse_dockerHubBearer_allParams() {
    List<Challenge> c = Challenge.parse(List.of("Bearer realm=\"https://auth.docker.io/token\","
        + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\""));
    assertThat(c).singleElement().satisfies(ch -> {
      assertThat(ch.scheme()).isEqualTo("bearer");
      assertThat(ch.param("realm")).isEqualTo("https://auth.docker.io/token");
      assertThat(ch.param("service")).isEqualTo("registry.docker.io");
      assertThat(ch.param("scope")).isEqualTo("repository:library/busybox:pull");
    });
  }

  @Test
  void parse_twoSchemesOneHeader_bothAndEscapes() {
    List<Challenge> c = Challenge.parse(List.of(
        "Basic realm=\"a \\\"q\\\" b\", Bearer realm=x,service=y"));
    assertThat(c).hasSize(2);
    assertThat(c.get(0).scheme()).isEqualTo("basic");
    assertThat(c.get(0).param("realm")).isEqualTo("a \"q\" b");
    assertThat(c.get(1).param("realm")).isEqualTo("x");
    assertThat(c.get(1).param("service")).isEqualTo("y");
  }

  @Test
  void parse_garbageAndOversized_noCrash() {
    assertThat(Challenge.parse(List.of("", ",,,", "=\"", "Bearer realm=\"unterminated")))
        .allSatisfy(ch -> assertThat(ch.scheme()).isNotEmpty());
    assertThat(Challenge.parse(List.of("Bearer realm=\"" + "x".repeat(10_000) + "\""))).isEmpty();
  }

  @Test
  void errors_registryBodyAndStatusFallback() {
    byte[] body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"},{\"code\":\"NEW_CODE\"}]}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var errs = Bodies.errors(403, body);
    assertThat(errs).extracting(e -> e.code().name()).containsExactly("DENIED", "UNKNOWN");
    assertThat(errs.get(1).wireCode()).isEqualTo("NEW_CODE");
    assertThat(Bodies.errors(429, "<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting(e -> e.code().name()).containsExactly("TOOMANYREQUESTS");
  }
}
