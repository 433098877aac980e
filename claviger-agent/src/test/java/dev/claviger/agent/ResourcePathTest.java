package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResourcePathTest {

  @Test
  void parse_plainAndKbsUri_giveSamePath() {
    assertThat(ResourcePath.parse("default/key/one")).isEqualTo(ResourcePath.parse("kbs:///default/key/one"));
    assertThat(ResourcePath.parse("a_b/c-d/e.f").toString()).isEqualTo("a_b/c-d/e.f");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a/b/c/d", "a//c", ".a/b/c", "a/b/c?x=1", "a/b/../c", "a/b/c d", "kbs://host/a/b/c"})
  void parse_invalid_throws(String text) {
    assertThatThrownBy(() -> ResourcePath.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
