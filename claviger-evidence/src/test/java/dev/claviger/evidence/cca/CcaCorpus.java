package dev.claviger.evidence.cca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The CCA part of the shared evidence corpus, read in place; skipped if absent unless CI=true. */
final class CcaCorpus {
  static final String TAG_399 = "cca/ccatoken/cca_token.cbor";
  static final String CMW_907 = "cca/ccatoken/cca_token.cmw907.cbor";
  static final String ROOTS = "roots/arm-cca";

  private CcaCorpus() {}

  /** ${claviger.shared}/evidence-corpus, or ../shared/evidence-corpus. */
  static Path root() {
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

  static Path path(String rel) {
    return root().resolve(rel);
  }

  static byte[] bytes(String rel) {
    try {
      return Files.readAllBytes(path(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CcaTrustAnchors anchors() throws Exception {
    return CcaTrustAnchors.fromDirectory(path(ROOTS));
  }
}
