package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcePathTest {

  @Test
  void parse_plainAndKbsUri_giveSamePath() {
    assertThat(ResourcePath.parse("default/key/one")).isEqualTo(ResourcePath.parse("kbs:///default/key/one"));
    assertThat(ResourcePath.parse("a_b/c-d/e.f").toString()).isEqualTo("a_b/c-d/e.f");
  }

  // The forms of coco_keyprovider's normalize_path test table, plus kbs+resource (ResourceUri).
  @ParameterizedTest
  @ValueSource(
      strings = {
        "kbs:///b/c/d",
        "kbs://a/b/c/d",
        "kbs://kbs.example:8080/b/c/d",
        "kbs://[::1]:8080/b/c/d",
        "kbs+resource:///b/c/d",
        "KBS:///b/c/d",
        "/b/c/d",
        "a/b/c/d",
        "10.0.0.1:8080/b/c/d",
        "b/c/d"
      })
  void parse_upstreamForms_ignoreHostAndGiveRepoTypeTag(String text) {
    assertThat(ResourcePath.parse(text)).isEqualTo(new ResourcePath("b", "c", "d"));
  }

  @Test
  void toUri_isKbsTripleSlashForm() {
    assertThat(ResourcePath.parse("/r/t/g").toUri()).isEqualTo("kbs:///r/t/g");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a/b",
        "a/b/c/d/e",
        "a//c",
        ".a/b/c",
        "a/b/c?x=1",
        "kbs:///a/b/c?x=1",
        "kbs:///a/b/c#frag",
        "a/b/../c",
        "kbs:///a/../c",
        "kbs:///a/b/..",
        "a/b/c d",
        "kbs:///a/b/%2e%2e",
        "kbs+pkcs11:///a/b/c",
        "kbs+:///a/b/c",
        "http:///a/b/c",
        "kbs://user@host/a/b/c",
        "kbs://host",
        "kbs:///kbs:///default/key/1",
        "kbs:////a/b/c",
        "-host/a/b/c",
        "/a/b/c/",
        "a/b/c\u0000"
      })
  void parse_invalid_throws(String text) {
    assertThatThrownBy(() -> ResourcePath.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_overlongText_throwsBeforeSplitting() {
    String text = "kbs:///a/b/" + "c".repeat(ResourcePath.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> ResourcePath.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than");
  }
}
