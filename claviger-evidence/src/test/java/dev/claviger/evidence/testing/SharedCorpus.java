package dev.claviger.evidence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The shared evidence corpus, read in place; tests skip when it is absent unless CI=true. */
public final class SharedCorpus {
  private SharedCorpus() {}

  /** ${claviger.shared}/evidence-corpus, or ../shared/evidence-corpus. */
  public static Path root() {
    String prop = System.getProperty("claviger.shared");
    Path shared = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("..", "..", "shared");
    Path corpus = shared.resolve("evidence-corpus");
    if (!Files.isDirectory(corpus)) {
      corpus = Path.of("..", "shared", "evidence-corpus");
    }
    if (!Files.isDirectory(corpus)) {
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("evidence corpus not found under " + shared + " (CI=true)");
      }
      Assumptions.abort("evidence corpus not found (set -Dclaviger.shared); skipping");
    }
    return corpus;
  }

  public static Path path(String rel) {
    return root().resolve(rel);
  }

  public static byte[] bytes(String rel) {
    try {
      return Files.readAllBytes(path(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
