package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegistryClient against the real docker-registry, with skopeo as the independent peer. */
class RegistryClientTest {
  private static RegistryFixture registry;
  private static Skopeo skopeo;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryFixture.start();
    skopeo = Skopeo.create();
  }

  @AfterAll
  static void stop() {
    if (skopeo != null) {
      skopeo.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static RegistryClient client() {
    return RegistryClient.builder().insecure(registry.host()).build();
  }

  private static ImageReference ref(String repoAndTag) throws Exception {
    return ImageReference.parse(registry.host() + "/" + repoAndTag);
  }

  static void push(RegistryClient c, ImageReference ref, TestImages.Image img) throws Exception {
    for (TestImages.Blob b : img.blobs()) {
      Descriptor d = Descriptor.of(b.mediaType(), Digest.parse(b.digest()), b.size());
      c.pushBlob(ref, d, () -> new ByteArrayInputStream(b.bytes()), Optional.empty(),
          ProgressListener.NONE);
    }
    c.putManifest(ref, Manifest.parse(img.manifest().bytes(), null));
  }

  @Test
  void getManifest_pushedBySkopeo_identicalBytesAndVerifiedBlobs() throws Exception {
    TestImages.Image img = TestImages.hello();
    Path layout = img.writeLayout(tmp.resolve("l"), "v1");
    ImageReference ref = ref("skopeo/pushed:v1");
    skopeo.run("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + ref);

    RegistryClient c = client();
    Manifest m = c.getManifest(ref);
    assertThat(m.bytes()).isEqualTo(img.manifest().bytes());
    assertThat(m.digest().toString()).isEqualTo(img.manifest().digest());
    ImageManifest im = (ImageManifest) m;
    byte[] config = c.readBlob(ref, im.config(), ImageConfig.MAX_BYTES);
    assertThat(ImageConfig.parse(config).diffIds()).hasSize(1);
    try (DigestingInputStream in = c.openBlob(ref, im.layers().get(0), ProgressListener.NONE)) {
      assertThat(in.readAllBytes()).isEqualTo(img.layers().get(0).blob().bytes());
    }
    assertThat(c.getManifest(ref.atDigest(m.digest())).bytes()).isEqualTo(m.bytes());
    assertThat(c.headManifest(ref)).hasValueSatisfying(d -> {
      assertThat(d.digest()).isEqualTo(m.digest());
      assertThat(d.size()).isEqualTo(m.size());
      assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    });
  }

  @Test
  void push_byUs_skopeoReadsSameBytes() throws Exception {
    TestImages.Image img = TestImages.builder().file("/a.txt", "pushed by claviger\n")
        .layer(TestImages.Compression.ZSTD).file("/b.txt", "second\n").cmd("/bin/true").build();
    ImageReference ref = ref("ours/pushed:v2");
    push(client(), ref, img);
    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", "docker://" + ref).stdout();
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(img.manifest().bytes());
    Files.createDirectories(tmp.resolve("out"));
    skopeo.run("copy", "--src-tls-verify=false", "docker://" + ref,
        "oci:" + tmp.resolve("out/x") + ":v2");
    for (TestImages.Blob b : img.blobs()) {
      assertThat(tmp.resolve("out/x/blobs/sha256").resolve(b.hex())).hasBinaryContent(b.bytes());
    }
    assertThat(client().listTags(ref)).containsExactly("v2");
  }

  @Test
  void pushBlob_chunkedBelowThreshold_registryAssemblesExactBlob() throws Exception {
    byte[] blob = new byte[200_000];
    new java.util.Random(7).nextBytes(blob);
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, blob);
    ImageReference ref = ref("chunked/blob:x");
    List<Long> progress = new ArrayList<>();
    RegistryClient c = RegistryClient.builder().insecure(registry.host())
        .chunkedUpload(1024, 65_536).build();
    ProgressListener.Outcome o = c.pushBlob(ref, d, () -> new ByteArrayInputStream(blob),
        Optional.empty(), new ProgressListener() {
          @Override
          public void advanced(Descriptor x, long bytes) {
            progress.add(bytes);
          }
        });
    assertThat(o).isEqualTo(ProgressListener.Outcome.COPIED);
    assertThat(progress).containsExactly(65_536L, 131_072L, 196_608L, 200_000L);
    assertThat(c.headBlob(ref, d.digest())).hasValue(200_000L);
    assertThat(c.readBlob(ref, d, 300_000)).isEqualTo(blob);
    assertThat(c.pushBlob(ref, d, () -> new ByteArrayInputStream(blob), Optional.empty(),
        ProgressListener.NONE)).isEqualTo(ProgressListener.Outcome.EXISTS);
  }

  @Test
  void pushBlob_sourceNotMatchingDescriptor_failsAndNothingStored() throws Exception {
    byte[] blob = "declared".getBytes(StandardCharsets.UTF_8);
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, blob);
    byte[] other = "DECLARED".getBytes(StandardCharsets.UTF_8);
    ImageReference ref = ref("bad/source:x");
    for (RegistryClient c : List.of(client(), RegistryClient.builder()
        .insecure(registry.host()).chunkedUpload(0, 3).build())) {
      assertThatThrownBy(() -> c.pushBlob(ref, d, () -> new ByteArrayInputStream(other),
          Optional.empty(), ProgressListener.NONE)).isInstanceOf(java.io.IOException.class);
      assertThat(c.headBlob(ref, d.digest())).isEmpty();
    }
  }

  @Test
  void pushBlob_mountFromOtherRepo_mountedWithoutUpload() throws Exception {
    byte[] blob = "shared layer bytes".getBytes(StandardCharsets.UTF_8);
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, blob);
    RegistryClient c = client();
    ImageReference a = ref("mount/a:x");
    ImageReference b = ref("mount/b:x");
    assertThat(c.pushBlob(a, d, () -> new ByteArrayInputStream(blob), Optional.empty(),
        ProgressListener.NONE)).isEqualTo(ProgressListener.Outcome.COPIED);
    assertThat(c.pushBlob(b, d, () -> {
      throw new AssertionError("mount must not read the source");
    }, Optional.of("mount/a"), ProgressListener.NONE)).isEqualTo(ProgressListener.Outcome.MOUNTED);
    assertThat(c.readBlob(b, d, 100)).isEqualTo(blob);
  }

  @Test
  void pushBlob_mountFromRepoWithoutBlob_fallsBackToUpload() throws Exception {
    byte[] blob = "not in the source repo".getBytes(StandardCharsets.UTF_8);
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, blob);
    ImageReference b = ref("mount/c:x");
    assertThat(client().pushBlob(b, d, () -> new ByteArrayInputStream(blob),
        Optional.of("mount/empty"), ProgressListener.NONE))
        .isEqualTo(ProgressListener.Outcome.COPIED);
    assertThat(client().readBlob(b, d, 100)).isEqualTo(blob);
  }

  @Test
  void getManifest_unknownTag_manifestUnknownCode() throws Exception {
    push(client(), ref("errors/x:v1"), TestImages.hello());
    assertThatThrownBy(() -> client().getManifest(ref("errors/x:nope")))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> {
          RegistryException re = (RegistryException) e;
          assertThat(re.code()).isEqualTo(RegistryException.Code.MANIFEST_UNKNOWN);
          assertThat(re.status()).isEqualTo(404);
        });
    assertThat(client().headManifest(ref("errors/x:nope"))).isEmpty();
  }

  @Test
  void readBlob_unknown_blobUnknownCode() throws Exception {
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, new byte[] {42});
    push(client(), ref("errors/y:v1"), TestImages.hello());
    assertThatThrownBy(() -> client().readBlob(ref("errors/y:v1"), d, 10))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).code())
            .isEqualTo(RegistryException.Code.BLOB_UNKNOWN));
  }

  @Test
  void getManifest_pinnedDigestOfOtherContent_rejected() throws Exception {
    ImageReference ref = ref("pinned/x:v1");
    push(client(), ref, TestImages.hello());
    // a digest the registry does not know -> 404, never other content
    Digest foreign = Digest.sha256(new byte[] {1});
    assertThatThrownBy(() -> client().getManifest(ref.withDigest(foreign)))
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void https_byDefault_plainRegistryNotContacted() throws Exception {
    RegistryClient secure = RegistryClient.builder().build();
    assertThatThrownBy(() -> secure.ping(registry.host()))
        .isInstanceOf(java.io.IOException.class);
    client().ping(registry.host());
  }
}
