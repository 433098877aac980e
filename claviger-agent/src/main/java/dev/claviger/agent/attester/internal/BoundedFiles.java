package dev.claviger.agent.attester.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** File reads that never load more than a bound, whatever the file claims to be. */
public final class BoundedFiles {
  private BoundedFiles() {}

  /**
   * Reads at most {@code maxBytes + 1} bytes, so that an over-long file is visible to the caller
   * without reading all of it (sysfs and configfs files report no useful size).
   */
  public static byte[] readUpTo(Path file, int maxBytes) throws IOException {
    if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(maxBytes + 1);
    }
  }

  /** Reads the file, or fails with a message naming the bound when it is longer. */
  public static byte[] readBounded(Path file, int maxBytes) throws IOException {
    byte[] b = readUpTo(file, maxBytes);
    if (b.length > maxBytes) {
      throw new IOException(file + " is larger than " + maxBytes + " bytes");
    }
    return b;
  }
}
