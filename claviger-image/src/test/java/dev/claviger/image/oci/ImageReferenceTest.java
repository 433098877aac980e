package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.MalformedInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String D =
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @ParameterizedTest
  @CsvSource({
      "busybox, docker.io, library/busybox, latest, docker.io/library/busybox:latest",
      "busybox:1.36, docker.io, library/busybox, 1.36, docker.io/library/busybox:1.36",
      "user/app, docker.io, user/app, latest, docker.io/user/app:latest",
      "docker.io/busybox, docker.io, library/busybox, latest, docker.io/library/busybox:latest",
      "index.docker.io/busybox, docker.io, library/busybox, latest, docker.io/library/busybox:latest",
      "localhost/app:v1, localhost, app, v1, localhost/app:v1",
      "localhost:5000/a/b/c:v1, localhost:5000, a/b/c, v1, localhost:5000/a/b/c:v1",
      "127.0.0.1:5000/demo/hello:v1, 127.0.0.1:5000, demo/hello, v1, 127.0.0.1:5000/demo/hello:v1",
      "quay.io/org/img_x:t-1.a, quay.io, org/img_x, t-1.a, quay.io/org/img_x:t-1.a",
      "ghcr.io/a/b--c__d.e, ghcr.io, a/b--c__d.e, latest, ghcr.io/a/b--c__d.e:latest",
      "[::1]:5000/app:v1, [::1]:5000, app, v1, [::1]:5000/app:v1",
      "Reg/app, Reg, app, latest, Reg/app:latest",
  })
  void parse_valid_normalised(String in, String registry, String repo, String tag, String canon)
      throws Exception {
    ImageReference r = ImageReference.parse(in);
    assertThat(r.registry()).isEqualTo(registry);
    assertThat(r.repository()).isEqualTo(repo);
    assertThat(r.tag()).isEqualTo(tag);
    assertThat(r.toString()).isEqualTo(canon);
    assertThat(ImageReference.parse(r.toString())).isEqualTo(r);
  }

  @Test
  void parse_digestOnly_noDefaultTag() throws Exception {
    ImageReference r = ImageReference.parse("quay.io/a/b@" + D);
    assertThat(r.tag()).isEmpty();
    assertThat(r.digest()).hasValue(Digest.parse(D));
    assertThat(r.manifestReference()).isEqualTo(D);
    assertThat(r.toString()).isEqualTo("quay.io/a/b@" + D);
  }

  @Test
  void parse_tagAndDigest_digestWins() throws Exception {
    ImageReference r = ImageReference.parse("busybox:1@" + D);
    assertThat(r.tag()).isEqualTo("1");
    assertThat(r.manifestReference()).isEqualTo(D);
    assertThat(r.toString()).isEqualTo("docker.io/library/busybox:1@" + D);
  }

  @Test
  void apiHost_dockerHub_registry1() throws Exception {
    assertThat(ImageReference.parse("busybox").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("localhost:1/x").apiHost()).isEqualTo("localhost:1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "reg.io/UPPER", "docker.io/Library/busybox", "a//b", "/a", "a/",
      "a:", "a:-tag", "a:tag with space", "a@sha256:abc", "a@md5:d41d8cd98f00b204e9800998ecf8427e",
      "a:" + "t12345678901234567890123456789012345678901234567890123456789012345678901234567890"
          + "123456789012345678901234567890123456789012345678901234567890",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
      "-reg.io/a", "reg.io:port/a", "a..b", "a__-b", "a/b?c", "a/b#c", "a@", "@" + D,
      "host.io/"})
  void parse_invalid_rejected(String in) {
    assertThatThrownBy(() -> ImageReference.parse(in)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_overlongName_rejected() {
    String longRepo = "a/".repeat(130) + "b";
    assertThatThrownBy(() -> ImageReference.parse("reg.io/" + longRepo))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("255");
  }

  @Test
  void parse_null_rejected() {
    assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(MalformedInputException.class);
  }
}
