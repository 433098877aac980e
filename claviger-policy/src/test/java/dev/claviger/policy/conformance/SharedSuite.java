package dev.claviger.policy.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared conformance data in place (never copied into the repository). */
final class SharedSuite {
  private SharedSuite() {}

  static Path rego() {
    String prop = System.getProperty("claviger.shared");
    Path base = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    Path dir = base.resolve("conformance").resolve("rego");
    if (!Files.isDirectory(dir)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("shared conformance data missing at " + dir);
      }
      assumeTrue(false, "shared conformance data not found at " + dir + "; skipping");
    }
    return dir;
  }
}
