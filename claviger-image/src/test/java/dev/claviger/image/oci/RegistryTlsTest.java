package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default (https) path against a TLS registry; skopeo trusts it through --cert-dir. */
class RegistryTlsTest {
  private static RegistryFixture registry;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryFixture.withTls();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static RegistryClient trusting() throws Exception {
    return RegistryClient.builder().httpClient(HttpClient.newBuilder()
        .sslContext(registry.sslContext()).followRedirects(HttpClient.Redirect.NEVER).build())
        .build();
  }

  @Test
  void https_trustedCertificate_interopWithSkopeo() throws Exception {
    TestImages.Image img = TestImages.hello();
    ImageReference ours = ImageReference.parse(registry.host() + "/tls/ours:v1");
    RegistryClientTest.push(trusting(), ours, img);
    assertThat(RegistryClient.builder().sslContext(registry.sslContext()).build()
        .getManifest(ours).bytes()).isEqualTo(img.manifest().bytes());
    String certDir = registry.caCertificate().getParent().toString();
    try (Skopeo skopeo = Skopeo.create()) {
      String raw = skopeo.run("inspect", "--raw", "--cert-dir", certDir, "docker://" + ours)
          .stdout();
      assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(img.manifest().bytes());
      TestImages.Image other = TestImages.builder().file("/s", "skopeo over tls\n").build();
      other.writeLayout(tmp.resolve("l"), "v1");
      ImageReference theirs = ImageReference.parse(registry.host() + "/tls/theirs:v1");
      skopeo.run("copy", "--dest-cert-dir", certDir, "oci:" + tmp.resolve("l") + ":v1",
          "docker://" + theirs);
      assertThat(trusting().getManifest(theirs).bytes()).isEqualTo(other.manifest().bytes());
    }
  }

  @Test
  void https_untrustedCertificate_refused() throws Exception {
    RegistryClient jdkTrust = RegistryClient.builder().build();
    assertThatThrownBy(() -> jdkTrust.ping(registry.host())).isInstanceOf(IOException.class);
  }

  @Test
  void builder_clientFollowingRedirects_rejected() {
    assertThatThrownBy(() -> RegistryClient.builder().httpClient(HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
