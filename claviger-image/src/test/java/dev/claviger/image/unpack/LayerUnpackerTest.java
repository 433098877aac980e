package dev.claviger.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @TempDir Path tmp;
  Path rootfs;
  Path outside;
  final LayerUnpacker unpacker = LayerUnpacker.create();

  @BeforeEach
  void dirs() throws IOException {
    rootfs = tmp.resolve("bundle/rootfs");
    outside = Files.createDirectories(tmp.resolve("outside"));
  }

  private UnpackResult unpack(byte[] tar) throws UnpackException {
    return unpacker.unpack(new ByteArrayInputStream(tar), LayerCompression.NONE, TarBuilder.diffId(tar), rootfs);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private void assertRefused(ThrowingCallable call, UnpackException.Kind kind) throws IOException {
    assertThatThrownBy(call).isInstanceOfSatisfying(UnpackException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    assertThat(rootfs).doesNotExist();
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).as("nothing written outside the rootfs").isEmpty();
    }
  }

  private byte[] sampleTree() {
    return new TarBuilder().mtime(1_600_000_000L)
        .dir("etc/", 0755)
        .file("etc/hostname", "box\n".getBytes(StandardCharsets.UTF_8), 0640)
        .dir("bin/", 0755)
        .file("bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 04755)
        .symlink("bin/alias", "tool")
        .hardlink("bin/hard", "bin/tool")
        .file("./usr/share/doc/readme", "nested, parents implicit")
        .tar();
  }

  @Test
  void unpack_plainTar_writesTreeWithModesLinksAndMtime() throws Exception {
    byte[] tar = sampleTree();
    UnpackResult r = unpack(tar);
    assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(r.uncompressedBytes()).isEqualTo(tar.length);
    assertThat(r.entries()).isEqualTo(7);
    assertThat(read(rootfs.resolve("etc/hostname"))).isEqualTo("box\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("etc/hostname"))))
        .isEqualTo("rw-r-----");
    assertThat((int) Files.getAttribute(rootfs.resolve("bin/tool"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat(Files.readSymbolicLink(rootfs.resolve("bin/alias"))).hasToString("tool");
    assertThat(Files.isSameFile(rootfs.resolve("bin/hard"), rootfs.resolve("bin/tool"))).isTrue();
    assertThat(read(rootfs.resolve("usr/share/doc/readme"))).isEqualTo("nested, parents implicit");
    assertThat(Files.getLastModifiedTime(rootfs.resolve("etc")).toInstant())
        .as("directory mtime survives its children being written")
        .isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
  }

  @Test
  void unpack_gzipLayer_matchesDiffIdOfUncompressedTar() throws Exception {
    byte[] tar = sampleTree();
    UnpackResult r = unpacker.unpack(new ByteArrayInputStream(TarBuilder.gzip(tar)), LayerCompression.GZIP,
        Digest.sha256(tar), rootfs);
    assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(read(rootfs.resolve("etc/hostname"))).isEqualTo("box\n");
  }

  @Test
  void unpack_zstdLayer_matchesDiffIdOfUncompressedTar() throws Exception {
    byte[] tar = sampleTree();
    UnpackResult r = unpacker.unpack(new ByteArrayInputStream(TarBuilder.zstd(tar)), LayerCompression.ZSTD,
        Digest.sha256(tar), rootfs);
    assertThat(r.uncompressedBytes()).isEqualTo(tar.length);
    assertThat(Files.readSymbolicLink(rootfs.resolve("bin/alias"))).hasToString("tool");
  }

  @Test
  void unpack_sha512DiffId_isComputedWithThatAlgorithm() throws Exception {
    byte[] tar = sampleTree();
    Digest d512 = Digest.of(Digest.SHA512, tar);
    assertThat(unpacker.unpack(new ByteArrayInputStream(tar), LayerCompression.NONE, d512, rootfs).diffId())
        .isEqualTo(d512);
  }

  @Test
  void unpack_diffIdMismatch_refusesAndDiscardsRootfs() throws Exception {
    byte[] tar = sampleTree();
    Digest wrong = Digest.sha256("another layer".getBytes(StandardCharsets.UTF_8));
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(TarBuilder.gzip(tar)), LayerCompression.GZIP,
        wrong, rootfs), UnpackException.Kind.DIFF_ID_MISMATCH);
  }

  @Test
  void unpack_trailingBytesAfterEndMarker_areHashedIntoDiffId() throws Exception {
    byte[] tar = sampleTree();
    byte[] padded = java.util.Arrays.copyOf(tar, tar.length + 10240);
    UnpackResult r = unpack(padded);
    assertThat(r.uncompressedBytes()).isEqualTo(padded.length);
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(padded), LayerCompression.NONE,
        Digest.sha256(tar), tmp.resolve("bundle/rootfs")), UnpackException.Kind.DIFF_ID_MISMATCH);
  }

  @Test
  void unpack_dotDotName_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().file("ok", "fine").file("../outside/pwned", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_innerDotDotName_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().file("a/../../outside/pwned", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_absoluteName_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().file(outside.resolve("pwned").toString(), "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_relativeSymlinkThenFileBelowIt_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().symlink("evil", "../../outside").file("evil/pwned", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_symlinkChainClimbingOut_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().dir("a/", 0755).symlink("a/up", "..").symlink("a/upup", "up/..")
        .file("a/upup/x", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_absoluteSymlinkThenFile_landsInsideRootfsLikeInTheContainer() throws Exception {
    byte[] tar = new TarBuilder().symlink("evil", outside.toString()).file("evil/pwned", "x").tar();
    unpack(tar);
    assertThat(read(rootfs.resolve(outside.toString().substring(1)).resolve("pwned"))).isEqualTo("x");
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void unpack_relativeSymlinkInsideRootfs_isFollowedForParents() throws Exception {
    byte[] tar = new TarBuilder().dir("usr/lib/", 0755).symlink("lib", "usr/lib").file("lib/libc.so", "elf").tar();
    unpack(tar);
    assertThat(read(rootfs.resolve("usr/lib/libc.so"))).isEqualTo("elf");
    assertThat(Files.isSymbolicLink(rootfs.resolve("lib"))).isTrue();
  }

  @Test
  void unpack_symlinkLoop_refusedAsLimit() throws Exception {
    byte[] tar = new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_existingSymlinkAsFinalComponent_isReplacedNotFollowed() throws Exception {
    Path victim = Files.writeString(outside.resolve("victim"), "original");
    byte[] lower = new TarBuilder().symlink("f", victim.toString()).tar();
    unpack(lower);
    byte[] upper = new TarBuilder().file("f", "replaced").tar();
    unpack(upper);
    assertThat(Files.isSymbolicLink(rootfs.resolve("f"))).isFalse();
    assertThat(read(rootfs.resolve("f"))).isEqualTo("replaced");
    assertThat(read(victim)).isEqualTo("original");
  }

  @Test
  void unpack_hardlinkWithDotDotTarget_refusedAsPathEscape() throws Exception {
    Files.writeString(outside.resolve("secret"), "s");
    byte[] tar = new TarBuilder().hardlink("h", "../outside/secret").tar();
    assertThatThrownBy(() -> unpack(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.PATH_ESCAPE));
    assertThat(rootfs).doesNotExist();
  }

  @Test
  void unpack_hardlinkWithAbsoluteTarget_refusedAsPathEscape() throws Exception {
    byte[] tar = new TarBuilder().hardlink("h", "/etc/passwd").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.PATH_ESCAPE);
  }

  @Test
  void unpack_hardlinkThroughSymlinkClimbingOut_refusedAsPathEscape() throws Exception {
    Files.writeString(outside.resolve("secret"), "s");
    byte[] tar = new TarBuilder().symlink("out", "../../outside").hardlink("h", "out/secret").tar();
    assertThatThrownBy(() -> unpack(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.PATH_ESCAPE));
    assertThat(read(outside.resolve("secret"))).isEqualTo("s");
    assertThat(Files.getAttribute(outside.resolve("secret"), "unix:nlink")).isEqualTo(1);
  }

  @Test
  void unpack_hardlinkThroughAbsoluteSymlink_staysInsideRootfs() throws Exception {
    Files.writeString(outside.resolve("secret"), "s");
    byte[] tar = new TarBuilder().symlink("out", outside.toString()).hardlink("h", "out/secret").tar();
    assertThatThrownBy(() -> unpack(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.MALFORMED));
    assertThat(Files.getAttribute(outside.resolve("secret"), "unix:nlink")).isEqualTo(1);
  }

  @Test
  void unpack_hugePaxHeader_refusedAsLimitBeforeBuffering() throws Exception {
    byte[] tar = new TarBuilder().pax("path", "a".repeat(2 << 20)).file("x", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_paxHeaderDeclaringHugeSize_refusedAsLimit() throws Exception {
    byte[] body = new byte[4 << 20];
    java.util.Arrays.fill(body, (byte) '9');
    byte[] tar = new TarBuilder().rawEntry("PaxHeaders/x", 'x', 8L << 30, body).tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_hugeGnuLongName_refusedAsLimit() throws Exception {
    byte[] name = "n".repeat(3 << 20).getBytes(StandardCharsets.US_ASCII);
    byte[] tar = new TarBuilder().rawEntry("././@LongLink", 'L', name.length, name).file("x", "x").tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_paxPathWithinLimits_isUsed() throws Exception {
    String longName = "d/" + "p".repeat(180);
    byte[] tar = new TarBuilder().pax("path", longName).file("short", "long-named").tar();
    unpack(tar);
    assertThat(read(rootfs.resolve(longName))).isEqualTo("long-named");
  }

  @Test
  void unpack_tooManyEntries_refusedAsLimit() throws Exception {
    TarBuilder b = new TarBuilder();
    for (int i = 0; i < 11; i++) {
      b.file("f" + i, "x");
    }
    byte[] tar = b.tar();
    LayerUnpacker small = LayerUnpacker.builder().limits(UnpackLimits.DEFAULT.withMaxEntries(10)).build();
    assertRefused(() -> small.unpack(new ByteArrayInputStream(tar), LayerCompression.NONE, Digest.sha256(tar),
        rootfs), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_decompressionBomb_refusedAsLimit() throws Exception {
    byte[] tar = new TarBuilder().file("zeros", new byte[4 << 20], 0644).tar();
    byte[] gz = TarBuilder.gzip(tar);
    LayerUnpacker small = LayerUnpacker.builder()
        .limits(UnpackLimits.DEFAULT.withMaxUncompressedBytes(1 << 20)).build();
    assertRefused(() -> small.unpack(new ByteArrayInputStream(gz), LayerCompression.GZIP, Digest.sha256(tar),
        rootfs), UnpackException.Kind.LIMIT);
  }

  @Test
  void unpack_truncatedTar_refusedAsMalformed() throws Exception {
    byte[] full = new TarBuilder().file("big", new byte[4096], 0644).tar();
    byte[] cut = java.util.Arrays.copyOf(full, 512 + 1000);
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(cut), LayerCompression.NONE,
        Digest.sha256(cut), rootfs), UnpackException.Kind.MALFORMED);
  }

  @Test
  void unpack_corruptGzip_refusedAsMalformed() throws Exception {
    byte[] tar = sampleTree();
    byte[] gz = TarBuilder.gzip(tar);
    gz[gz.length / 2] ^= 0x55;
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(gz), LayerCompression.GZIP, Digest.sha256(tar),
        rootfs), UnpackException.Kind.MALFORMED);
  }

  @Test
  void unpack_plainTarDeclaredAsGzip_refusedAsMalformed() throws Exception {
    byte[] tar = sampleTree();
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(tar), LayerCompression.GZIP, Digest.sha256(tar),
        rootfs), UnpackException.Kind.MALFORMED);
  }

  @Test
  void unpack_corruptZstd_refusedAsMalformed() throws Exception {
    byte[] tar = sampleTree();
    byte[] zs = TarBuilder.zstd(tar);
    for (int i = 8; i < zs.length; i += 7) {
      zs[i] ^= 0x5a;
    }
    assertRefused(() -> unpacker.unpack(new ByteArrayInputStream(zs), LayerCompression.ZSTD, Digest.sha256(tar),
        rootfs), UnpackException.Kind.MALFORMED);
  }

  @Test
  void unpack_corruptHeaderChecksum_refusedAsMalformed() throws Exception {
    byte[] tar = sampleTree();
    tar[512 + 10] ^= 0x01; // inside the second header's name
    assertRefused(() -> unpack(tar), UnpackException.Kind.MALFORMED);
  }

  @Test
  void unpack_sourceReadFailure_reportedAsIo() throws Exception {
    byte[] tar = sampleTree();
    InputStream failing = new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        if (pos >= 700) {
          throw new IOException("connection reset");
        }
        return tar[pos++] & 0xff;
      }
    };
    assertRefused(() -> unpacker.unpack(failing, LayerCompression.NONE, Digest.sha256(tar), rootfs),
        UnpackException.Kind.IO);
  }

  @Test
  void unpack_deviceNodes_skippedByDefaultAndCounted() throws Exception {
    byte[] tar = new TarBuilder().device("dev/null", '3').device("dev/sda", '4').device("run/fifo", '6')
        .file("keep", "k").tar();
    UnpackResult r = unpack(tar);
    assertThat(r.skippedSpecialFiles()).isEqualTo(3);
    assertThat(rootfs.resolve("dev/null")).doesNotExist();
    assertThat(read(rootfs.resolve("keep"))).isEqualTo("k");
  }

  @Test
  void unpack_deviceNodesAllowedAsRoot_areCreated() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root for mknod");
    byte[] tar = new TarBuilder().device("dev/fifo", '6').tar();
    UnpackResult r = LayerUnpacker.builder().createSpecialFiles(true).build()
        .unpack(new ByteArrayInputStream(tar), LayerCompression.NONE, Digest.sha256(tar), rootfs);
    assertThat(r.skippedSpecialFiles()).isZero();
    assertThat(Files.isRegularFile(rootfs.resolve("dev/fifo"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.getAttribute(rootfs.resolve("dev/fifo"), "unix:mode").toString()).isNotNull();
    assertThat(((int) Files.getAttribute(rootfs.resolve("dev/fifo"), "unix:mode") & 0170000)).isEqualTo(0010000);
  }

  @Test
  void unpack_unknownEntryType_refusedAsUnsupported() throws Exception {
    byte[] tar = new TarBuilder().rawEntry("weird", 'V', 0, new byte[0]).tar();
    assertRefused(() -> unpack(tar), UnpackException.Kind.UNSUPPORTED);
  }

  @Test
  void unpack_fileReplacesLowerDirectoryAndDirReplacesLowerFile() throws Exception {
    unpack(new TarBuilder().file("d/inner", "lower").file("f", "lower").tar());
    unpack(new TarBuilder().file("d", "now a file").dir("f/", 0755).file("f/x", "now a dir").tar());
    assertThat(read(rootfs.resolve("d"))).isEqualTo("now a file");
    assertThat(read(rootfs.resolve("f/x"))).isEqualTo("now a dir");
  }

  @Test
  void unpack_rootfsIsASymlink_refused() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Files.createDirectories(tmp.resolve("bundle"));
    Files.createSymbolicLink(rootfs, real);
    byte[] tar = sampleTree();
    assertThatThrownBy(() -> unpack(tar)).isInstanceOfSatisfying(UnpackException.class,
        e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.IO));
    assertThat(Files.exists(rootfs, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
