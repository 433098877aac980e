package dev.claviger.image.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An OCI runtime bundle directory: {@code config.json} beside the {@code rootfs/} it names.
 *
 * @param dir the bundle directory (absolute)
 */
public record Bundle(Path dir) {
  public Bundle {
    dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
  }

  public Path rootfs() {
    return dir.resolve("rootfs");
  }

  public Path configJson() {
    return dir.resolve("config.json");
  }
}
