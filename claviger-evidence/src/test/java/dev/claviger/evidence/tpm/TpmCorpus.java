package dev.claviger.evidence.tpm;

import dev.claviger.evidence.testing.SharedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/** The shared evidence corpus, read in place; tests skip when it is absent unless CI=true. */
public final class TpmCorpus {
  private TpmCorpus() {}

  public static Path root() {
    return SharedCorpus.root();
  }

  public static Path path(String rel) {
    return SharedCorpus.path(rel);
  }

  public static byte[] bytes(String rel) {
    return SharedCorpus.bytes(rel);
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
