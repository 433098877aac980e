package dev.claviger.agent.attester.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/** {@link TsmReports} over the real configfs directory. */
public final class FsTsmReports implements TsmReports {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CREATE_ATTEMPTS = 8;

  private final Path dir;

  public FsTsmReports(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public boolean available() {
    return Files.isDirectory(dir);
  }

  @Override
  public Entry create() throws IOException {
    // A random name, as upstream's tempdir: another process must not guess and reuse our entry.
    for (int i = 0; ; i++) {
      byte[] id = new byte[8];
      RANDOM.nextBytes(id);
      Path entry = dir.resolve("claviger-" + HexFormat.of().formatHex(id));
      try {
        Files.createDirectory(entry);
        return new FsEntry(entry);
      } catch (FileAlreadyExistsException e) {
        if (i + 1 == CREATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "FsTsmReports[" + dir + "]";
  }

  private record FsEntry(Path path) implements Entry {
    @Override
    public String name() {
      return path.getFileName().toString();
    }

    @Override
    public byte[] read(String attribute, int maxBytes) throws IOException {
      return BoundedFiles.readUpTo(attribute(attribute), maxBytes);
    }

    @Override
    public void write(String attribute, byte[] value) throws IOException {
      // No CREATE: an attribute that the kernel did not make means this is not configfs-tsm.
      Files.write(attribute(attribute), value, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public boolean has(String attribute) {
      return Files.exists(path.resolve(attribute));
    }

    @Override
    public void close() throws IOException {
      Files.delete(path); // configfs rmdir removes the attributes with the entry
    }

    private Path attribute(String name) {
      if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
        throw new IllegalArgumentException("bad attribute name: " + name);
      }
      return path.resolve(name);
    }
  }
}
