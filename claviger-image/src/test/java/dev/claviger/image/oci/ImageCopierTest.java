package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCopierTest {
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

  private static ImageLocation.Registry reg(String repoTag) throws Exception {
    return new ImageLocation.Registry(client(),
        ImageReference.parse(registry.host() + "/" + repoTag));
  }

  private ImageLocation.Layout layout(String name, String tag) throws Exception {
    return new ImageLocation.Layout(OciLayout.create(tmp.resolve(name)), tag);
  }

  /** XOR 0x5a over the bytes: a stand-in for encryption that is its own inverse. */
  static final class XorTransform implements LayerTransform {
    private final boolean encrypt;

    XorTransform(boolean encrypt) {
      this.encrypt = encrypt;
    }

    @Override
    public boolean appliesTo(int index, Descriptor layer) {
      return MediaTypes.isEncrypted(layer.mediaType()) != encrypt;
    }

    @Override
    public Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out)
        throws java.io.IOException {
      byte[] b = in.readAllBytes();
      for (int i = 0; i < b.length; i++) {
        b[i] ^= 0x5a;
      }
      out.write(b);
      Map<String, String> ann = new HashMap<>(layer.annotations());
      if (encrypt) {
        ann.put("org.example.xor", "5a");
      } else {
        ann.remove("org.example.xor");
      }
      return layer.withMediaType(encrypt ? MediaTypes.encrypted(layer.mediaType())
          : MediaTypes.decrypted(layer.mediaType())).withAnnotations(ann)
          .withContent(out.digest(), out.size());
    }
  }

  @Test
  void copy_layoutToRegistryToLayout_byteIdenticalThenSkipsExisting() throws Exception {
    TestImages.Image img = TestImages.busybox();
    img.writeLayout(tmp.resolve("src"), "v1");
    ImageCopier copier = ImageCopier.builder().build();
    CopyResult up = copier.copy(new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"),
        reg("copy/bb:v1"));
    assertThat(up.unchanged()).isTrue();
    assertThat(up.written().digest().toString()).isEqualTo(img.manifest().digest());
    assertThat(up.blobs()).hasSize(3).allSatisfy(b ->
        assertThat(b.outcome()).isEqualTo(ProgressListener.Outcome.COPIED));
    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false",
        "docker://" + registry.host() + "/copy/bb:v1").stdout();
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(img.manifest().bytes());

    ImageLocation.Layout back = layout("back", "w");
    CopyResult down = copier.copy(reg("copy/bb:v1"), back);
    assertThat(down.written()).isEqualTo(up.written());
    for (TestImages.Blob b : img.blobs()) {
      assertThat(back.layout().blobPath(Digest.parse(b.digest()))).hasBinaryContent(b.bytes());
    }
    assertThat(back.layout().tags()).containsExactly("w");

    CopyResult again = copier.copy(new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")),
        "v1"), reg("copy/bb:v1"));
    assertThat(again.blobs()).allSatisfy(b ->
        assertThat(b.outcome()).isEqualTo(ProgressListener.Outcome.EXISTS));
  }

  @Test
  void copy_registryToOtherRepoSameRegistry_mounts() throws Exception {
    TestImages.Image img = TestImages.builder().file("/m", "mount me\n").build();
    img.writeLayout(tmp.resolve("src"), "v1");
    ImageCopier copier = ImageCopier.builder().build();
    copier.copy(new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"),
        reg("mnt/src:v1"));
    CopyResult r = copier.copy(reg("mnt/src:v1"), reg("mnt/dst:v9"));
    assertThat(r.blobs()).allSatisfy(b ->
        assertThat(b.outcome()).isEqualTo(ProgressListener.Outcome.MOUNTED));
    assertThat(client().getManifest(reg("mnt/dst:v9").ref()).bytes())
        .isEqualTo(img.manifest().bytes());
  }

  @Test
  void copy_withTransform_rewritesLayersAndInverseRestoresExactManifest() throws Exception {
    TestImages.Image img = TestImages.builder().file("/a", "one\n").layer().file("/b", "two\n")
        .build();
    img.writeLayout(tmp.resolve("src"), "v1");
    ImageLocation.Layout src = new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1");
    CopyResult enc = ImageCopier.builder().layerTransform(new XorTransform(true)).build()
        .copy(src, reg("xor/app:enc"));
    assertThat(enc.unchanged()).isFalse();
    ImageManifest m = (ImageManifest) client().getManifest(reg("xor/app:enc").ref());
    assertThat(m.digest()).isEqualTo(enc.written().digest());
    assertThat(m.layers()).allSatisfy(l -> {
      assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP_ENCRYPTED);
      assertThat(l.annotations()).containsEntry("org.example.xor", "5a");
    });
    assertThat(m.config().digest().toString()).isEqualTo(img.config().digest());
    // skopeo reads what we wrote
    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false",
        "docker://" + registry.host() + "/xor/app:enc").stdout();
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(m.bytes());

    ImageLocation.Layout plain = layout("plain", "v1");
    CopyResult dec = ImageCopier.builder().layerTransform(new XorTransform(false)).build()
        .copy(reg("xor/app:enc"), plain);
    assertThat(dec.written().digest().toString()).isEqualTo(img.manifest().digest());
  }

  @Test
  void copy_transformLyingAboutDigest_fails() throws Exception {
    TestImages.hello().writeLayout(tmp.resolve("src"), "v1");
    LayerTransform liar = new LayerTransform() {
      @Override
      public boolean appliesTo(int index, Descriptor layer) {
        return true;
      }

      @Override
      public Descriptor transform(int index, Descriptor layer, InputStream in, LayerSink out)
          throws java.io.IOException {
        out.write(in.readAllBytes());
        out.write(0);
        return layer;
      }
    };
    assertThatThrownBy(() -> ImageCopier.builder().layerTransform(liar).build().copy(
        new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"), layout("o", "v1")))
        .hasMessageContaining("layer transform described");
  }

  @Test
  void copy_tamperedSourceBlob_failsAndDestinationLacksIt() throws Exception {
    TestImages.Image img = TestImages.hello();
    img.writeLayout(tmp.resolve("src"), "v1");
    Path layerFile = tmp.resolve("src/blobs/sha256").resolve(img.layers().get(0).blob().hex());
    byte[] b = Files.readAllBytes(layerFile);
    b[b.length / 2] ^= 1;
    Files.write(layerFile, b);
    ImageLocation.Layout dst = layout("dst", "v1");
    assertThatThrownBy(() -> ImageCopier.builder().build().copy(
        new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"), dst))
        .isInstanceOf(DigestMismatchException.class);
    assertThat(dst.layout().hasBlob(Digest.parse(img.layers().get(0).blob().digest()))).isFalse();
    assertThat(dst.layout().tags()).isEmpty();
    assertThatThrownBy(() -> ImageCopier.builder().build().copy(
        new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"), reg("tamper/x:v1")))
        .isInstanceOf(java.io.IOException.class);
    assertThat(client().headBlob(reg("tamper/x:v1").ref(),
        Digest.parse(img.layers().get(0).blob().digest()))).isEmpty();
  }

  @Test
  void copy_index_selectsPlatformOrCopiesAll() throws Exception {
    TestImages.Image amd = TestImages.builder().file("/p", "amd64\n").build();
    TestImages.Image arm = TestImages.builder().file("/p", "arm64\n").platform("linux", "arm64")
        .build();
    OciLayout l = OciLayout.create(tmp.resolve("multi"));
    amd.writeLayout(l.dir(), "amd");
    arm.writeLayout(l.dir(), "arm");
    ImageIndex idx = ImageIndex.create(MediaTypes.OCI_INDEX, List.of(
        l.resolve("arm").orElseThrow().withAnnotations(Map.of())
            .withPlatform(Platform.parse("linux/arm64")),
        l.resolve("amd").orElseThrow().withAnnotations(Map.of())
            .withPlatform(Platform.LINUX_AMD64)), Map.of());
    l.tag("multi", l.writeBlob(idx.mediaType(), idx.bytes()));

    CopyResult one = ImageCopier.builder().build().copy(new ImageLocation.Layout(l, "multi"),
        reg("multi/app:amd"));
    assertThat(one.source().digest()).isEqualTo(idx.digest());
    assertThat(one.written().digest().toString()).isEqualTo(amd.manifest().digest());
    CopyResult armOnly = ImageCopier.builder().platform(Platform.parse("linux/arm64")).build()
        .copy(new ImageLocation.Layout(l, "multi"), layout("armonly", "x"));
    assertThat(armOnly.written().digest().toString()).isEqualTo(arm.manifest().digest());

    CopyResult all = ImageCopier.builder().allPlatforms().build().copy(
        new ImageLocation.Layout(l, "multi"), reg("multi/app:all"));
    assertThat(all.written().digest()).isEqualTo(idx.digest());
    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false",
        "docker://" + registry.host() + "/multi/app:all").stdout();
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(idx.bytes());
    String armConfig = skopeo.run("inspect", "--tls-verify=false", "--override-arch", "arm64",
        "docker://" + registry.host() + "/multi/app:all").stdout();
    assertThat(armConfig).contains("\"Architecture\": \"arm64\"");
  }

  @Test
  void copy_dockerSchema2FromSkopeo_copiedVerbatim() throws Exception {
    TestImages.hello().writeLayout(tmp.resolve("src"), "v1");
    String dst = "docker://" + registry.host() + "/docker/v2s2:v1";
    skopeo.run("copy", "--format", "v2s2", "--dest-tls-verify=false",
        "oci:" + tmp.resolve("src") + ":v1", dst);
    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", dst).stdout();
    CopyResult r = ImageCopier.builder().build().copy(reg("docker/v2s2:v1"), layout("d", "v1"));
    assertThat(r.written().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    ImageManifest m = (ImageManifest) OciLayout.open(tmp.resolve("d")).readManifest(r.written());
    assertThat(m.bytes()).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
  }

  @Test
  void copy_layoutDestinationWithoutTag_refusedBeforeWriting() throws Exception {
    TestImages.hello().writeLayout(tmp.resolve("src"), "v1");
    ImageLocation.Layout dst = layout("notag", "");
    assertThatThrownBy(() -> ImageCopier.builder().build().copy(
        new ImageLocation.Layout(OciLayout.open(tmp.resolve("src")), "v1"), dst))
        .hasMessageContaining("needs a tag");
    try (var s = Files.list(tmp.resolve("notag/blobs/sha256"))) {
      assertThat(s).isEmpty();
    }
  }
}
