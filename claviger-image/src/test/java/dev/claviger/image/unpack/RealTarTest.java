package dev.claviger.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.testing.Peers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives written by GNU tar in each of its formats unpack to the same tree. */
class RealTarTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"posix", "gnu", "ustar"})
  void unpack_gnuTarFormat_reproducesTree(String format) throws Exception {
    Path tar = Peers.require("tar", "tar");
    Path src = Files.createDirectories(tmp.resolve("src"));
    String longDir = "d".repeat(90) + "/" + "e".repeat(90);
    Files.createDirectories(src.resolve(longDir));
    Files.writeString(src.resolve(longDir).resolve("deep.txt"), "deep");
    Files.writeString(src.resolve("plain.txt"), "plain");
    Files.createSymbolicLink(src.resolve("link"), Path.of("plain.txt"));
    Files.createLink(src.resolve("hard"), src.resolve("plain.txt"));
    Files.setAttribute(src.resolve("plain.txt"), "unix:mode", 0600);
    Path archive = tmp.resolve("layer.tar");
    Process p = new ProcessBuilder(tar.toString(), "--format=" + format, "-C", src.toString(), "-cf",
        archive.toString(), ".").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    byte[] bytes = Files.readAllBytes(archive);
    Path rootfs = tmp.resolve("rootfs");

    LayerUnpacker.create().unpack(new ByteArrayInputStream(bytes), LayerCompression.NONE, Digest.sha256(bytes), rootfs);

    assertThat(tree(rootfs)).isEqualTo(tree(src));
    assertThat(Files.readString(rootfs.resolve(longDir).resolve("deep.txt"))).isEqualTo("deep");
    assertThat(Files.readSymbolicLink(rootfs.resolve("link"))).hasToString("plain.txt");
    assertThat(Files.isSameFile(rootfs.resolve("hard"), rootfs.resolve("plain.txt"))).isTrue();
    assertThat((int) Files.getAttribute(rootfs.resolve("plain.txt"), "unix:mode") & 0777).isEqualTo(0600);
  }

  private static List<String> tree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
