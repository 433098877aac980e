package dev.claviger.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads local input files with a size bound, turning a missing file into a usage error. */
final class Inputs {
  static final int MAX_POLICY = 1 << 20;
  static final int MAX_RESOURCE = 16 << 20;
  static final int MAX_TOKEN = 64 << 10;

  private Inputs() {}

  /** Root certificates for an HTTPS KBS ({@code --cacert}); a missing or unparsable file is a usage error. */
  static dev.claviger.agent.TrustAnchors trustAnchors(Path file) throws Main.UsageException, IOException {
    if (!Files.exists(file)) {
      throw new Main.UsageException("--cacert " + file + " does not exist");
    }
    try {
      return dev.claviger.agent.TrustAnchors.readPem(file);
    } catch (java.security.GeneralSecurityException e) {
      throw new Main.UsageException("--cacert " + file + ": " + e.getMessage());
    }
  }

  static byte[] read(Path file, int maxBytes, String what) throws Main.UsageException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new Main.UsageException(what + " " + file + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new Main.UsageException(what + " " + file + " does not exist");
    }
  }
}
