package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
  private static final String D =
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  private static final String DESC =
      "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D
          + "\",\"size\":5}";
  private static final String CONFIG =
      "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D
          + "\",\"size\":5}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_testImage_fieldsAndExactBytes() throws Exception {
    TestImages.Image img = TestImages.hello();
    ImageManifest m = ImageManifest.parse(img.manifest().bytes());
    assertThat(m.digest().toString()).isEqualTo(img.manifest().digest());
    assertThat(m.bytes()).isEqualTo(img.manifest().bytes());
    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(m.config().digest().toString()).isEqualTo(img.config().digest());
    assertThat(m.layers()).hasSize(1);
    assertThat(m.layers().get(0).size()).isEqualTo(img.layers().get(0).blob().size());
    assertThat(m.hasEncryptedLayers()).isFalse();
  }

  @Test
  void withLayers_sameLayers_goFieldOrderSameBytesAsTestImages() throws Exception {
    ImageManifest m = ImageManifest.parse(TestImages.hello().manifest().bytes());
    assertThat(m.withLayers(m.layers()).bytes()).isEqualTo(m.bytes());
  }

  @Test
  void withLayers_unknownMembersAndAnnotationsKept() throws Exception {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP
        + "\",\"digest\":\"" + D + "\",\"size\":5,\"data\":\"aGVsbG8=\",\"annotations\":{\"z\":\"1\","
        + "\"a\":\"2\"}}],\"annotations\":{\"k\":\"v\"},\"x-vendor\":{\"n\":[1,2]}}";
    ImageManifest m = ImageManifest.parse(utf8(json));
    assertThat(m.bytes()).isEqualTo(utf8(json));
    Descriptor enc = m.layers().get(0).withMediaType(
        MediaTypes.encrypted(m.layers().get(0).mediaType()));
    String out = new String(m.withLayers(List.of(enc)).bytes(), StandardCharsets.UTF_8);
    assertThat(out).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\""
        + MediaTypes.OCI_LAYER_GZIP_ENCRYPTED + "\",\"digest\":\"" + D
        + "\",\"size\":5,\"annotations\":{\"a\":\"2\",\"z\":\"1\"},\"data\":\"aGVsbG8=\"}],"
        + "\"annotations\":{\"k\":\"v\"},\"x-vendor\":{\"n\":[1,2]}}");
    assertThat(ImageManifest.parse(utf8(out)).hasEncryptedLayers()).isTrue();
  }

  @Test
  void parse_noMediaType_usesContentTypeOrStructure() throws Exception {
    String body = "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + DESC + "]}";
    assertThat(Manifest.parse(utf8(body), MediaTypes.DOCKER_MANIFEST).mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(Manifest.parse(utf8(body), null).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(Manifest.parse(utf8("{\"schemaVersion\":2,\"manifests\":[]}"), "text/plain"))
        .isInstanceOf(ImageIndex.class);
  }

  @Test
  void index_select_platformAndSkipsUnknown() throws Exception {
    String amd = "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D
        + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}";
    String att = "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D
        + "\",\"size\":2,\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}";
    String arm = "{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + D
        + "\",\"size\":3,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}";
    ImageIndex idx = ImageIndex.parse(utf8("{\"schemaVersion\":2,\"mediaType\":\""
        + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + att + "," + arm + "," + amd
        + "]}"), null);
    assertThat(idx.select(Platform.LINUX_AMD64).orElseThrow().size()).isEqualTo(1);
    assertThat(idx.select(Platform.parse("linux/arm64")).orElseThrow().size()).isEqualTo(3);
    assertThat(idx.select(Platform.parse("linux/arm64/v8")).orElseThrow().size()).isEqualTo(3);
    assertThat(idx.select(Platform.parse("linux/s390x"))).isEmpty();
    assertThat(idx.withManifests(idx.manifests()).bytes()).isEqualTo(idx.bytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "{}",
      "{\"schemaVersion\":1,\"layers\":[]}",
      "{\"schemaVersion\":\"2\",\"config\":" + CONFIG + ",\"layers\":[]}",
      "{\"schemaVersion\":3,\"config\":" + CONFIG + ",\"layers\":[]}",
      "{\"schemaVersion\":2,\"layers\":[" + DESC + "]}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" + CONFIG + "}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":{}}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"x/y\",\"size\":5}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"x/y\",\"digest\":\"" + D + "\",\"size\":-1}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"x/y\",\"digest\":\"" + D + "\",\"size\":1.5}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"x/y\",\"digest\":\"" + D + "\",\"size\":\"5\"}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"digest\":\"" + D + "\",\"size\":5}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"x/y\",\"digest\":\"sha256:zz\",\"size\":5}]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + DESC + "],\"annotations\":{\"a\":1}}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + DESC + "],\"manifests\":[]}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\",\"layers\":[]}",
      "{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":" + CONFIG + ",\"layers\":[]}",
      "{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[]}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[]} {}",
      "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[",
      "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x/y\",\"digest\":\"" + D + "\",\"size\":1,\"platform\":{\"os\":\"linux\"}}]}",
  })
  void parse_malformed_rejected(String json) {
    assertThatThrownBy(() -> Manifest.parse(utf8(json), null))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_mediaTypeDisagreesWithContentType_rejected() {
    String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + CONFIG + ",\"layers\":[]}";
    assertThatThrownBy(() -> Manifest.parse(utf8(body), MediaTypes.DOCKER_MANIFEST))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("disagrees");
  }

  @Test
  void parse_overLimit_rejectedBeforeParsing() {
    byte[] big = new byte[Manifest.MAX_BYTES + 1];
    assertThatThrownBy(() -> Manifest.parse(big, null))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("limit");
  }

  @Test
  void parse_tooManyLayers_rejected() {
    List<String> layers = new ArrayList<>();
    for (int i = 0; i < 4097; i++) {
      layers.add(DESC);
    }
    String body = "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":["
        + String.join(",", layers) + "]}";
    assertThatThrownBy(() -> Manifest.parse(utf8(body), null))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("4096");
  }

  @Test
  void imageManifestParse_givenIndex_rejected() {
    assertThatThrownBy(() -> ImageManifest.parse(utf8("{\"schemaVersion\":2,\"manifests\":[]}")))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void create_dockerManifest_parsesBack() throws Exception {
    Descriptor cfg = Descriptor.ofBytes(MediaTypes.DOCKER_CONFIG, utf8("{}"));
    ImageManifest m = ImageManifest.create(MediaTypes.DOCKER_MANIFEST, cfg,
        List.of(Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, Digest.parse(D), 5)), Map.of());
    ImageManifest back = ImageManifest.parse(m.bytes(), MediaTypes.DOCKER_MANIFEST);
    assertThat(back).isEqualTo(m);
    assertThat(back.config()).isEqualTo(cfg);
  }

  @Test
  void withAnnotations_htmlCharacters_escapedLikeGo() throws Exception {
    ImageManifest m = ImageManifest.parse(TestImages.hello().manifest().bytes())
        .withAnnotations(Map.of("u", "https://x/?a=1&b=<2>\u2028"));
    String s = new String(m.bytes(), StandardCharsets.UTF_8);
    assertThat(s).contains("\"annotations\":{\"u\":\"https://x/?a=1\\u0026b=\\u003c2\\u003e\\u2028\"}");
    assertThat(ImageManifest.parse(m.bytes()).annotations().get("u"))
        .isEqualTo("https://x/?a=1&b=<2>\u2028");
  }

  @Test
  void create_dockerManifest_descriptorsInDockerFieldOrder() throws Exception {
    Descriptor cfg = Descriptor.ofBytes(MediaTypes.DOCKER_CONFIG, utf8("{}"));
    ImageManifest m = ImageManifest.create(MediaTypes.DOCKER_MANIFEST, cfg, List.of(), Map.of());
    assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":2,"
        + "\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.DOCKER_CONFIG + "\",\"size\":2,\"digest\":\"" + cfg.digest()
        + "\"},\"layers\":[]}");
  }

  @Test
  void imageConfig_testImage_runConfigAndDiffIds() throws Exception {
    TestImages.Image img = TestImages.builder().file("/x", "y").entrypoint("/bin/sh", "-c")
        .cmd("echo hi").workingDir("/w").user("1000:1000").build();
    ImageConfig c = ImageConfig.parse(img.config().bytes());
    assertThat(c.digest().toString()).isEqualTo(img.config().digest());
    assertThat(c.platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(c.run().argv()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(c.run().workingDir()).isEqualTo("/w");
    assertThat(c.run().user()).isEqualTo("1000:1000");
    assertThat(c.run().env()).singleElement().asString().startsWith("PATH=");
    assertThat(c.diffIds()).extracting(Digest::toString)
        .containsExactly(img.layers().get(0).diffId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}",
      "{\"os\":\"linux\",\"architecture\":\"amd64\"}",
      "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"x\",\"diff_ids\":[]}}",
      "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"x\"]}}",
      "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\"},\"config\":{\"Cmd\":\"ls\"}}",
      "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\"},\"config\":{\"Env\":[1]}}"})
  void imageConfig_malformed_rejected(String json) {
    assertThatThrownBy(() -> ImageConfig.parse(utf8(json)))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void mediaTypes_encryptedForms() {
    assertThat(MediaTypes.encrypted(MediaTypes.OCI_LAYER_ZSTD))
        .isEqualTo(MediaTypes.OCI_LAYER_ZSTD_ENCRYPTED);
    assertThat(MediaTypes.decrypted(MediaTypes.DOCKER_LAYER_GZIP_ENCRYPTED))
        .isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP_ENCRYPTED)).isTrue();
    assertThat(MediaTypes.compression(MediaTypes.DOCKER_LAYER_GZIP_ENCRYPTED))
        .isEqualTo(MediaTypes.Compression.GZIP);
    assertThat(MediaTypes.compression(MediaTypes.OCI_LAYER)).isEqualTo(MediaTypes.Compression.NONE);
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_CONFIG)).isFalse();
  }
}
