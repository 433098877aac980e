package dev.claviger.image.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.policy.SignedIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.claviger.image.sign.internal.DockerName;

/** Tables follow containers/image policy_reference_match_test.go. */
class IdentityMatcherTest {
  private static final String D = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String D2 = "@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String RHEL = "registry.access.redhat.com/rhel7/rhel:7.2.3";

  private static boolean match(SignedIdentity rule, String image, String signed) {
    return IdentityMatcher.matches(rule, DockerName.parse(image), signed);
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "busybox:latest, busybox:latest, true",
      "library/busybox:latest, busybox:latest, true",
      "docker.io/library/busybox:latest, busybox:latest, true",
      "busybox:latest, busybox:notlatest, false",
      "busybox:latest, notbusybox:latest, false",
      "busybox:latest, hostname/library/busybox:latest, false",
      "busybox:latest, busybox" + D + ", false",
      "busybox" + D + ", busybox" + D + ", true",
      "busybox" + D + ", busybox" + D2 + ", false",
      "busybox:latest, busybox, false",
      "busybox:latest, UPPERCASE_IS_INVALID, false",
      "busybox:latest, '', false"
  })
  void matchExact_table(String image, String signed, boolean expected) {
    assertThat(match(new SignedIdentity.MatchExact(), image, signed)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "busybox:latest, busybox:latest, true",
      "busybox:latest, busybox:notlatest, false",
      "busybox:latest, busybox" + D + ", false",
      // pulled by digest: any signed tag or digest of the same repository
      "busybox" + D + ", busybox:latest, true",
      "busybox" + D + ", busybox" + D2 + ", true",
      "busybox" + D + ", notbusybox:latest, false",
      "busybox" + D + ", busybox, false",
      RHEL + ", " + RHEL + ", true"
  })
  void matchRepoDigestOrExact_table(String image, String signed, boolean expected) {
    assertThat(match(new SignedIdentity.MatchRepoDigestOrExact(), image, signed)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "busybox:latest, busybox:notlatest, true",
      "busybox:latest, busybox, true",
      "busybox:latest, docker.io/library/busybox" + D + ", true",
      "busybox:latest, hostname/library/busybox:latest, false",
      "127.0.0.1:5000/demo/signed:v1, 127.0.0.1:5000/demo/signed:v2, true",
      "127.0.0.1:5000/demo/renamed:v1, 127.0.0.1:5000/demo/signed:v1, false"
  })
  void matchRepository_table(String image, String signed, boolean expected) {
    assertThat(match(new SignedIdentity.MatchRepository(), image, signed)).isEqualTo(expected);
  }

  @Test
  void exactReference_comparesWithFixedValueNotImage() {
    SignedIdentity rule = new SignedIdentity.ExactReference("quay.io/ns/app:v1");
    assertThat(match(rule, "other.test/whatever:x", "quay.io/ns/app:v1")).isTrue();
    assertThat(match(rule, "quay.io/ns/app:v1", "quay.io/ns/app:v2")).isFalse();
    assertThat(match(rule, "quay.io/ns/app:v1", "quay.io/ns/app")).isFalse();
  }

  @Test
  void exactRepository_comparesRepositoryOnly() {
    SignedIdentity rule = new SignedIdentity.ExactRepository("quay.io/ns/app");
    assertThat(match(rule, "mirror.test/x:y", "quay.io/ns/app:any")).isTrue();
    assertThat(match(rule, "mirror.test/x:y", "quay.io/ns/app")).isTrue();
    assertThat(match(rule, "mirror.test/x:y", "quay.io/ns/other:any")).isFalse();
  }

  @Test
  void remapIdentity_rewritesPrefixThenRepoDigestOrExact() {
    SignedIdentity rule = new SignedIdentity.RemapIdentity("mirror.test/quay", "quay.io");
    assertThat(match(rule, "mirror.test/quay/ns/app:v1", "quay.io/ns/app:v1")).isTrue();
    assertThat(match(rule, "mirror.test/quay/ns/app:v1", "quay.io/ns/app:v2")).isFalse();
    assertThat(match(rule, "mirror.test/quay/ns/app:v1", "mirror.test/quay/ns/app:v1")).isFalse();
    // a prefix matches whole path components only
    assertThat(match(rule, "mirror.test/quayx/ns/app:v1", "quay.iox/ns/app:v1")).isFalse();
    // no prefix match: compared unchanged
    assertThat(match(rule, "other.test/ns/app:v1", "other.test/ns/app:v1")).isTrue();
  }

  @Test
  void dockerName_scopesMostSpecificFirst() {
    DockerName n = DockerName.parse("127.0.0.1:5000/demo/team/app:v1");
    assertThat(n.policyIdentity()).isEqualTo("127.0.0.1:5000/demo/team/app:v1");
    assertThat(n.policyNamespaces()).containsExactly("127.0.0.1:5000/demo/team/app",
        "127.0.0.1:5000/demo/team", "127.0.0.1:5000/demo", "127.0.0.1:5000", "*.0.0.1", "*.0.1", "*.1");
    assertThat(DockerName.parse("quay.io/ns/app@sha256:" + "a".repeat(64)).policyNamespaces())
        .containsExactly("quay.io/ns/app", "quay.io/ns", "quay.io", "*.io");
    assertThat(DockerName.parse("busybox").name()).isEqualTo("docker.io/library/busybox");
    assertThat(DockerName.parse("index.docker.io/x/y:1").toString()).isEqualTo("docker.io/x/y:1");
  }

  @Test
  void dockerName_invalid_rejected() {
    for (String bad : new String[] {"", "UPPERCASE_IS_INVALID", "host.test/Upper/x:1",
        "a/b:bad tag", "a/b@sha256:zz", "a//b", "-a/b", "a/b/:x", "a/b:" + "t".repeat(129)}) {
      assertThatThrownBy(() -> DockerName.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DockerName.parse("0123456789abcdef".repeat(4)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
