package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  @TempDir Path tmp;

  @Test
  void open_testImagesLayout_resolvesTagAndVerifiedManifest() throws Exception {
    TestImages.Image img = TestImages.hello();
    OciLayout l = OciLayout.open(img.writeLayout(tmp.resolve("l"), "v1"));
    Descriptor d = l.resolve("v1").orElseThrow();
    assertThat(d.digest().toString()).isEqualTo(img.manifest().digest());
    assertThat(l.resolve("")).contains(d);
    assertThat(l.resolve("v2")).isEmpty();
    ImageManifest m = (ImageManifest) l.readManifest(d);
    assertThat(m.bytes()).isEqualTo(img.manifest().bytes());
    assertThat(l.readBlob(m.config(), 1 << 20)).isEqualTo(img.config().bytes());
  }

  @Test
  void open_notALayout_fails() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> OciLayout.open(tmp.resolve("empty"))).isInstanceOf(IOException.class);
    Files.writeString(tmp.resolve("empty/oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
    assertThatThrownBy(() -> OciLayout.open(tmp.resolve("empty")))
        .hasMessageContaining("imageLayoutVersion");
  }

  @Test
  void readBlob_flippedByte_digestMismatch() throws Exception {
    TestImages.Image img = TestImages.hello();
    OciLayout l = OciLayout.open(img.writeLayout(tmp.resolve("l"), "v1"));
    Path cfg = l.blobPath(Digest.parse(img.config().digest()));
    byte[] b = Files.readAllBytes(cfg);
    b[0] ^= 1;
    Files.write(cfg, b);
    ImageManifest m = (ImageManifest) l.readManifest(l.resolve("v1").orElseThrow());
    assertThatThrownBy(() -> l.readBlob(m.config(), 1 << 20))
        .isInstanceOf(DigestMismatchException.class);
    assertThatThrownBy(() -> l.readBlob(m.config(), 10)).hasMessageContaining("limit");
  }

  @Test
  void writeBlob_wrongContent_nothingVisibleNoTempLeft() throws Exception {
    OciLayout l = OciLayout.create(tmp.resolve("w"));
    byte[] good = "good".getBytes(StandardCharsets.UTF_8);
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, good);
    assertThatThrownBy(() -> l.writeBlob(d, new ByteArrayInputStream(
        "evil".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(DigestMismatchException.class);
    assertThat(l.hasBlob(d.digest())).isFalse();
    try (Stream<Path> s = Files.list(tmp.resolve("w/blobs/sha256"))) {
      assertThat(s).isEmpty();
    }
    assertThat(l.writeBlob(d, new ByteArrayInputStream(good))).isEqualTo(4);
    assertThat(l.blobPath(d.digest())).hasBinaryContent(good);
  }

  @Test
  void tag_replacesSameTagKeepsOthers_skopeoReadsIt() throws Exception {
    TestImages.Image a = TestImages.hello();
    TestImages.Image b = TestImages.builder().file("/b", "b\n").build();
    OciLayout l = OciLayout.create(tmp.resolve("t"));
    a.writeLayout(l.dir(), "x");
    b.writeLayout(l.dir(), "y");
    l.tag("x", l.resolve("y").orElseThrow());
    assertThat(l.tags()).containsExactly("y", "x");
    assertThat(l.resolve("x").orElseThrow().digest().toString()).isEqualTo(b.manifest().digest());
    assertThat(l.resolve("")).isEmpty();
    assertThatThrownBy(() -> l.tag("../evil", l.resolve("y").orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class);
    try (Skopeo skopeo = Skopeo.create()) {
      String raw = skopeo.run("inspect", "--raw", "oci:" + l.dir() + ":x").stdout();
      assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(b.manifest().bytes());
    }
  }

  @Test
  void imageLocationParse_specs() throws Exception {
    assertThat(ImageLocation.parse("oci:/a/b:v1"))
        .isEqualTo(new ImageLocation.LayoutSpec(Path.of("/a/b"), "v1"));
    assertThat(ImageLocation.parse("oci:rel")).isEqualTo(new ImageLocation.LayoutSpec(Path.of("rel"), ""));
    assertThat(ImageLocation.parse("docker://busybox")).isEqualTo(
        new ImageLocation.RegistrySpec(ImageReference.parse("docker.io/library/busybox:latest")));
    for (String bad : new String[] {"busybox", "oci:", "oci:/x:bad tag", "docker://UP/x/Y",
        "dir:/x"}) {
      assertThatThrownBy(() -> ImageLocation.parse(bad))
          .isInstanceOf(dev.claviger.core.MalformedInputException.class);
    }
  }
}
