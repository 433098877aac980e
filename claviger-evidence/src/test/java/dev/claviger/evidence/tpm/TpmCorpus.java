package dev.claviger.evidence.tpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The shared evidence corpus, read in place; tests skip when it is absent unless CI=true. */
public final class TpmCorpus {
  private TpmCorpus() {}

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

  /** A {@code .pcrs.txt} file: "index hexvalue" lines, returned in index order. */
  public static List<byte[]> pcrs(String rel) {
    try {
      List<byte[]> out = new ArrayList<>();
      int expected = 0;
      for (String line : Files.readAllLines(path(rel))) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        Assertions.assertEquals(expected++, Integer.parseInt(parts[0]), "PCR order in " + rel);
        out.add(HexFormat.of().parseHex(parts[1]));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
