package dev.claviger.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures themselves work against the real peers, so other tests can trust them. */
class FixturesTest {
  @TempDir Path tmp;

  @Test
  void build_sameInputs_identicalBytes() {
    TestImages.Image a = TestImages.builder().file("/a/b.txt", "x").cmd("/b").build();
    TestImages.Image b = TestImages.builder().file("/a/b.txt", "x").cmd("/b").build();
    assertThat(a.manifest().digest()).isEqualTo(b.manifest().digest());
    assertThat(a.layers().get(0).blob().bytes()).isEqualTo(b.layers().get(0).blob().bytes());
    assertThat(TestImages.builder().file("/a/b.txt", "y").build().manifest().digest())
        .isNotEqualTo(a.manifest().digest());
  }

  @Test
  void busybox_twoLayers_umociUnpacksRunnableShell() throws Exception {
    TestImages.Image img = TestImages.busybox();
    assertThat(img.layers()).hasSize(2);
    Path layout = img.writeLayout(tmp.resolve("bb"), "v1");
    Path umoci = Peers.require("umoci", "umoci");
    Process p = new ProcessBuilder(umoci.toString(), "unpack", "--rootless", "--image",
        layout + ":v1", tmp.resolve("bundle").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    Path rootfs = tmp.resolve("bundle/rootfs");
    assertThat(rootfs.resolve("hello.txt")).hasContent(TestImages.HELLO.strip());
    assertThat(Files.isSymbolicLink(rootfs.resolve("bin/sh"))).isTrue();
    Process sh = new ProcessBuilder(rootfs.resolve("bin/busybox").toString(), "echo", "ok")
        .start();
    assertThat(new String(sh.getInputStream().readAllBytes()).strip()).isEqualTo("ok");
  }

  @Test
  void skopeoCopy_layoutToRegistryAndBack_manifestBytesIdentical() throws Exception {
    TestImages.Image img = TestImages.builder().file("/hello.txt", TestImages.HELLO)
        .layer(TestImages.Compression.ZSTD).file("/z.txt", "zstd layer\n")
        .cmd("/bin/cat", "/hello.txt").build();
    Path layout = img.writeLayout(tmp.resolve("src"), "v1");
    try (RegistryFixture reg = RegistryFixture.start(); Skopeo skopeo = Skopeo.create()) {
      String ref = "docker://" + reg.host() + "/demo/hello:v1";
      skopeo.run("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref);
      String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", ref).stdout();
      assertThat(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(img.manifest().bytes());
      JsonNode info = Json.parse(skopeo.run("inspect", "--tls-verify=false", ref).stdout());
      assertThat(info.path("Digest").asText()).isEqualTo(img.manifest().digest());
      assertThat(info.path("Layers")).hasSize(2);

      Files.createDirectories(tmp.resolve("back"));
      skopeo.run("copy", "--src-tls-verify=false", ref, "oci:" + tmp.resolve("back/img") + ":v1");
      for (TestImages.Blob b : img.blobs()) {
        assertThat(tmp.resolve("back/img/blobs/sha256").resolve(b.hex())).hasBinaryContent(b.bytes());
      }
    }
  }

  @Test
  void basicAuthRegistry_rightAndWrongCredentials_acceptedAndRefused() throws Exception {
    Path layout = TestImages.hello().writeLayout(tmp.resolve("src"), "v1");
    try (RegistryFixture reg = RegistryFixture.withBasicAuth("alice", "s3cret");
        Skopeo skopeo = Skopeo.create()) {
      String ref = "docker://" + reg.host() + "/demo/auth:v1";
      Skopeo.Result bad = skopeo.tryRun("copy", "--dest-tls-verify=false", "--dest-creds",
          "alice:wrong", "oci:" + layout + ":v1", ref);
      assertThat(bad.ok()).isFalse();
      assertThat(bad.stderr()).containsIgnoringCase("unauthorized");
      skopeo.run("copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret",
          "oci:" + layout + ":v1", ref);
      assertThatThrownBy(() -> skopeo.run("inspect", "--tls-verify=false", ref))
          .isInstanceOf(Skopeo.Failure.class);
    }
  }
}
