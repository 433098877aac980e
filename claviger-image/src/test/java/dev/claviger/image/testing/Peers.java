package dev.claviger.image.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the image test fixtures: tool lookup with skip-or-fail, temp-dir cleanup. */
public final class Peers {
  private Peers() {}

  /** Absolute path of an executable on PATH, or null. */
  public static Path which(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Resolves a required tool: aborts the test (skip) when missing, fails instead under CI=true so
   * the CI run cannot go green without its peers.
   */
  public static Path require(String tool, String debianPackage) {
    Path p = which(tool);
    if (p == null) {
      String msg = "missing '" + tool + "' (install Debian package " + debianPackage + ")";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg + "; skipping");
    }
    return p;
  }

  /** Deletes a directory tree; best effort, for fixture cleanup only. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // leftovers in /tmp are harmless; cleanup must not mask the test result
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }
}
