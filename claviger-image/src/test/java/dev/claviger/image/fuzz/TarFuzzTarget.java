package dev.claviger.image.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.unpack.LayerCompression;
import dev.claviger.image.unpack.LayerUnpacker;
import dev.claviger.image.unpack.TarBuilder;
import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.UnpackLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks fuzzed layers into {@code <base>/rootfs} beside a sentinel directory and then checks
 * that nothing but the rootfs changed: the sentinel file keeps its content and link count, and
 * {@code <base>} holds nothing else. Symlinks inside the rootfs may point anywhere; they are
 * never followed while unpacking, and that is what this checks.
 */
final class TarFuzzTarget {
  private static final String SENTINEL = "sentinel-content";
  private static final LayerUnpacker UNPACKER = LayerUnpacker.builder()
      .limits(UnpackLimits.DEFAULT.withMaxUncompressedBytes(8 << 20).withMaxEntries(2000)).build();
  private static final String[] NAMES = {"a", "b", "..", ".", "", "/", "etc", "outside", ".wh.a", ".wh..wh..opq",
      ".wh..wh.plnk", "x/y", "../outside", "/tmp", "sentinel"};

  private TarFuzzTarget() {}

  static void unpackRaw(byte[] data) {
    inSandbox((base, rootfs) -> {
      unpack(data, rootfs);
      if (data.length > 2) {
        // the same bytes as a second layer on top of whatever the first left behind
        unpack(data, rootfs);
      }
    });
  }

  static void unpackStructured(FuzzedDataProvider in) {
    byte[] first = buildTar(in);
    byte[] second = buildTar(in);
    inSandbox((base, rootfs) -> {
      unpack(first, rootfs);
      unpack(second, rootfs);
    });
  }

  private static void unpack(byte[] tar, Path rootfs) {
    try {
      UNPACKER.unpack(new ByteArrayInputStream(tar), LayerCompression.NONE, Digest.sha256(tar), rootfs);
    } catch (UnpackException expected) {
      // typed refusal: fine, as long as nothing escaped (checked by the caller)
    }
  }

  private static byte[] buildTar(FuzzedDataProvider in) {
    TarBuilder b = new TarBuilder();
    int entries = in.consumeInt(0, 12);
    for (int i = 0; i < entries && in.remainingBytes() > 0; i++) {
      String name = path(in);
      switch (in.consumeInt(0, 6)) {
        case 0 -> b.file(name, in.consumeBytes(64), in.consumeInt(0, 07777));
        case 1 -> b.dir(name, in.consumeInt(0, 07777));
        case 2 -> b.symlink(name, in.consumeBoolean() ? path(in) : in.consumeString(40));
        case 3 -> b.hardlink(name, path(in));
        case 4 -> b.pax("path", path(in), "linkpath", path(in));
        case 5 -> b.device(name, in.pickValue(new Character[] {'3', '4', '6'}));
        default -> b.header(name, (char) in.consumeByte(), path(in), 0, 0644, in.consumeInt(0, 70000), 0);
      }
    }
    return b.tar();
  }

  private static String path(FuzzedDataProvider in) {
    int parts = in.consumeInt(1, 4);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      out.add(in.consumeBoolean() ? in.pickValue(NAMES) : in.consumeString(12));
    }
    return String.join("/", out);
  }

  private interface Body {
    void run(Path base, Path rootfs) throws IOException;
  }

  private static void inSandbox(Body body) {
    Path base = null;
    try {
      base = Files.createTempDirectory("claviger-tar-fuzz");
      Path sentinelDir = Files.createDirectory(base.resolve("outside"));
      Path sentinel = Files.writeString(sentinelDir.resolve("sentinel"), SENTINEL);
      Path rootfs = base.resolve("rootfs");
      body.run(base, rootfs);
      assertUntouched(base, rootfs, sentinel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (base != null) {
        deleteQuietly(base);
      }
    }
  }

  private static void assertUntouched(Path base, Path rootfs, Path sentinel) throws IOException {
    List<Path> seen = new ArrayList<>();
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(rootfs)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        seen.add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!file.equals(rootfs)) {
          seen.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (!seen.equals(List.of(base, sentinel.getParent(), sentinel))) {
      throw new AssertionError("unpacking wrote outside the rootfs: " + seen);
    }
    if (!SENTINEL.equals(Files.readString(sentinel, StandardCharsets.UTF_8))
        || !Integer.valueOf(1).equals(Files.getAttribute(sentinel, "unix:nlink"))) {
      throw new AssertionError("unpacking modified or linked a file outside the rootfs");
    }
  }

  private static void deleteQuietly(Path base) {
    try {
      Files.walkFileTree(base, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          // a fuzzed mode may have made a directory unreadable; make it deletable again
          Files.setAttribute(dir, "unix:mode", 0700);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // temp leftovers do not affect the verdict
    }
  }
}
