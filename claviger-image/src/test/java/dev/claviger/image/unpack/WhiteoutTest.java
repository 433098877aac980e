package dev.claviger.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI image-spec whiteouts across two layers applied to one rootfs. */
class WhiteoutTest {
  @TempDir Path tmp;
  final LayerUnpacker unpacker = LayerUnpacker.create();

  private Path rootfs() {
    return tmp.resolve("rootfs");
  }

  private void apply(byte[] tar) throws UnpackException {
    unpacker.unpack(new ByteArrayInputStream(TarBuilder.gzip(tar)), LayerCompression.GZIP, Digest.sha256(tar),
        rootfs());
  }

  private List<String> tree() throws IOException {
    try (Stream<Path> s = Files.walk(rootfs())) {
      return s.filter(p -> !p.equals(rootfs())).map(p -> rootfs().relativize(p).toString()).sorted().toList();
    }
  }

  private byte[] lower() {
    return new TarBuilder()
        .file("a/x", "x").file("a/y", "y").dir("a/sub/", 0755).file("a/sub/deep", "d")
        .file("keep", "k").symlink("link", "/etc/passwd")
        .tar();
  }

  @Test
  void whiteout_file_removesLowerFileOnly() throws Exception {
    apply(lower());
    apply(new TarBuilder().file("a/.wh.x", "").tar());
    assertThat(tree()).containsExactly("a", "a/sub", "a/sub/deep", "a/y", "keep", "link");
  }

  @Test
  void whiteout_directory_removesLowerTree() throws Exception {
    apply(lower());
    apply(new TarBuilder().file(".wh.a", "").tar());
    assertThat(tree()).containsExactly("keep", "link");
  }

  @Test
  void whiteout_symlink_removesLinkNotItsTarget() throws Exception {
    Path target = Files.writeString(tmp.resolve("target"), "t");
    apply(new TarBuilder().symlink("l", target.toString()).tar());
    apply(new TarBuilder().file(".wh.l", "").tar());
    assertThat(Files.exists(rootfs().resolve("l"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(target).hasContent("t");
  }

  @Test
  void whiteout_missingName_isIgnored() throws Exception {
    apply(lower());
    apply(new TarBuilder().file("a/.wh.nothing", "").file("nodir/.wh.x", "").tar());
    assertThat(tree()).contains("a/x", "a/y").doesNotContain("nodir");
  }

  @Test
  void whiteout_neverMaterialisesTheMarker() throws Exception {
    apply(new TarBuilder().file(".wh.ghost", "").file("d/.wh..wh..opq", "").dir("d/", 0755).tar());
    assertThat(tree()).containsExactly("d");
  }

  @Test
  void opaque_directory_hidesAllLowerChildrenButKeepsThisLayers() throws Exception {
    apply(lower());
    apply(new TarBuilder().dir("a/", 0755).file("a/new", "n").file("a/.wh..wh..opq", "").tar());
    assertThat(tree()).containsExactly("a", "a/new", "keep", "link");
  }

  @Test
  void opaque_directory_prunesLowerContentOfSubdirectoryThisLayerAlsoWrites() throws Exception {
    apply(lower());
    apply(new TarBuilder().file("a/.wh..wh..opq", "").file("a/sub/fresh", "f").tar());
    assertThat(tree()).containsExactly("a", "a/sub", "a/sub/fresh", "keep", "link");
  }

  @Test
  void whiteout_sameLayerEntry_isKept() throws Exception {
    apply(lower());
    apply(new TarBuilder().file("a/z", "z").file("a/.wh.z", "").tar());
    assertThat(tree()).contains("a/z");
  }

  @Test
  void whiteout_dotDot_refusedAsPathEscape() throws Exception {
    apply(lower());
    byte[] tar = new TarBuilder().file("a/.wh...", "").tar();
    assertThatThrownBy(() -> apply(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.PATH_ESCAPE));
    assertThat(rootfs()).doesNotExist();
  }

  @Test
  void whiteout_belowSymlinkClimbingOut_refusedAsPathEscape() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim"), "v");
    apply(new TarBuilder().symlink("up", "..").tar());
    byte[] tar = new TarBuilder().file("up/.wh.victim", "").tar();
    assertThatThrownBy(() -> apply(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.PATH_ESCAPE));
    assertThat(victim).hasContent("v");
  }

  @Test
  void reservedAufsNames_areIgnored() throws Exception {
    apply(lower());
    apply(new TarBuilder().file(".wh..wh.plnk/123.456", "").file("a/.wh..wh.aufs", "").tar());
    assertThat(tree()).contains("a/x").doesNotContain(".wh..wh.plnk");
  }
}
