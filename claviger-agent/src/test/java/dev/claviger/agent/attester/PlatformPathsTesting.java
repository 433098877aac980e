package dev.claviger.agent.attester;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fake guest roots: a temp directory with the device files a test needs. */
final class PlatformPathsTesting {
  private PlatformPathsTesting() {}

  static PlatformPaths paths(Path root) {
    return new PlatformPaths(root, Map.of());
  }

  static PlatformPaths paths(Path root, Map<String, String> env) {
    return new PlatformPaths(root, env);
  }

  /** Creates an empty file (a device node stand-in) at the absolute guest path. */
  static Path touch(Path root, String absolute) {
    Path p = paths(root).resolve(absolute);
    try {
      Files.createDirectories(p.getParent());
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A symbolic link at the guest path to a corpus file, so the corpus is read in place. */
  static Path link(Path root, String absolute, Path target) {
    Path p = paths(root).resolve(absolute);
    try {
      Files.createDirectories(p.getParent());
      return Files.createSymbolicLink(p, target.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
