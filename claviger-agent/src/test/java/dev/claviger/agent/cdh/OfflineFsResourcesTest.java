package dev.claviger.agent.cdh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.agent.ResourcePath;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineFsResourcesTest {
  // The layout of image-rs's offline-fs-kbc keys file, with keys made for this test.
  private static final String KEYS =
      """
      {
        "default/key/key_id1": "A2JBRcTzSsdZkpcgozcWc6VDoje2627yXN5bwg2KgYE=",
        "default/key/2": "EPPHX/o86b8RUJgu+Idwd6HAFYNBM3GP+0J4cSnfiwo="
      }""";

  @TempDir Path dir;

  private CdhException.Kind loadKind(String content) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, content);
    try {
      OfflineFsResources.load(List.of(f));
    } catch (CdhException e) {
      return e.kind();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void load_keysFileInUpstreamLayout_servesDecodedValues() throws Exception {
    Path f = dir.resolve("keys.json");
    Files.writeString(f, KEYS);
    OfflineFsResources r = OfflineFsResources.load(List.of(f));
    assertThat(r.size()).isEqualTo(2);
    byte[] expected = Base64.getDecoder().decode("A2JBRcTzSsdZkpcgozcWc6VDoje2627yXN5bwg2KgYE=");
    try (SecretBytes key = r.get(ResourcePath.parse("kbs:///default/key/key_id1"))) {
      assertThat(key.contentEquals(expected)).isTrue();
      assertThat(key.length()).isEqualTo(32);
    }
    assertThat(r.toString()).doesNotContain("A2JB");
  }

  @Test
  void load_missingFileSkippedAndLaterFileOverrides() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, "{\"r/t/g\":\"b25l\"}");
    Files.writeString(b, "{\"r/t/g\":\"dHdv\"}");
    OfflineFsResources r = OfflineFsResources.load(List.of(dir.resolve("absent.json"), a, b));
    assertThat(r.get(new ResourcePath("r", "t", "g")).contentEquals("two".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void get_absent_resourceUnavailable() throws Exception {
    OfflineFsResources r = OfflineFsResources.load(List.of());
    try {
      r.get(new ResourcePath("a", "b", "c"));
      throw new AssertionError("no exception");
    } catch (CdhException e) {
      assertThat(e.kind()).isEqualTo(CdhException.Kind.RESOURCE_UNAVAILABLE);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ not valid json }",
        "[]",
        "{\"a/b/c\":1}",
        "{\"a/b/c\":\"not base64!\"}",
        "{\"a/../c\":\"AA==\"}",
        "{\"a/b\":\"AA==\"}",
        "{\"a/b/c\":\"AA==\",\"a/b/c\":\"AA==\"}"
      })
  void load_malformedFile_malformed(String content) throws Exception {
    assertThat(loadKind(content)).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void load_directoryInsteadOfFile_io() throws Exception {
    Path d = Files.createDirectory(dir.resolve("d.json"));
    try {
      OfflineFsResources.load(List.of(d));
      throw new AssertionError("no exception");
    } catch (CdhException e) {
      assertThat(e.kind()).isEqualTo(CdhException.Kind.IO);
    }
  }

  @Test
  void defaultFiles_addsExtraFilesFromEnvironment() {
    assertThat(OfflineFsResources.defaultFiles(Map.of(OfflineFsResources.EXTRA_FILES_ENV, "/x.json, /y.json,")))
        .containsExactly(
            Path.of("/etc/aa-offline_fs_kbc-keys.json"), Path.of("/etc/aa-offline_fs_kbc-resources.json"),
            Path.of("/x.json"), Path.of("/y.json"));
    assertThat(OfflineFsResources.defaultFiles(Map.of())).hasSize(2);
  }

  @Test
  void hub_overOfflineFs_unwrapsSamplePacket() throws Exception {
    Path f = dir.resolve("keys.json");
    Files.writeString(f, "{\"default/key/1\":\"" + Base64.getEncoder().encodeToString(CdhTestVectors.TEST_KEK) + "\"}");
    ConfidentialDataHub hub = ConfidentialDataHub.builder(OfflineFsResources.load(List.of(f))).build();
    AnnotationPacket p = AnnotationPacket.parse(CdhTestVectors.SAMPLE_ANNOTATION.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(hub.unwrapPacket(p), StandardCharsets.UTF_8)).isEqualTo(CdhTestVectors.SAMPLE_OPTSDATA);
  }
}
