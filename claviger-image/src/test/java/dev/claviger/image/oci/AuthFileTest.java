package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthFileTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_dockerHubUrlKeyAndNamespace_lookups() throws Exception {
    AuthFile f = AuthFile.parse(("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
        + b64("hub:pw") + "\"},\"quay.io/org\":{\"auth\":\"" + b64("org:pw") + "\"},"
        + "\"quay.io\":{\"auth\":\"" + b64("any:pw") + "\"},\"helper.io\":{}}}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(f.credentialsFor("docker.io", "library/busybox").orElseThrow().username())
        .isEqualTo("hub");
    assertThat(f.credentialsFor("quay.io", "org/app").orElseThrow().username()).isEqualTo("org");
    assertThat(f.credentialsFor("quay.io", "other/app").orElseThrow().username())
        .isEqualTo("any");
    assertThat(f.credentialsFor("helper.io", "x")).isEmpty();
    assertThat(f.credentialsFor("ghcr.io", "x")).isEmpty();
  }

  @Test
  void parse_badEntries_rejected() {
    for (String json : new String[] {"{\"auths\":[]}", "{\"auths\":{\"a\":{\"auth\":\"%%%\"}}}",
        "{\"auths\":{\"a\":{\"auth\":\"" + b64("nocolon") + "\"}}}", "not json"}) {
      assertThatThrownBy(() -> AuthFile.parse(json.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void credentials_toString_noSecret() {
    RegistryCredentials c = RegistryCredentials.parse("user:s3cr3t:with:colons");
    assertThat(c.toString()).doesNotContain("s3cr3t");
    assertThat(c.basicAuthorization()).isEqualTo("Basic " + b64("user:s3cr3t:with:colons"));
  }
}
