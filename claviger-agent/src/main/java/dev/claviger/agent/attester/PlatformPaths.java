package dev.claviger.agent.attester;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the guest's kernel interfaces live. Production uses {@link #system()} (root {@code /} and
 * the process environment); tests point {@code root} at a temp directory laid out like a guest
 * and pass their own environment, so detection and device access run unchanged against doubles.
 */
public record PlatformPaths(Path root, Map<String, String> env) {

  public PlatformPaths {
    Objects.requireNonNull(root, "root");
    env = Map.copyOf(env);
  }

  public static PlatformPaths system() {
    return new PlatformPaths(Path.of("/"), System.getenv());
  }

  /** Resolves an absolute guest path such as {@code /dev/tpmrm0} under {@link #root()}. */
  public Path resolve(String absolutePath) {
    if (!absolutePath.startsWith("/")) {
      throw new IllegalArgumentException("expected an absolute path, got " + absolutePath);
    }
    return root.resolve(absolutePath.substring(1));
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  /** configfs-tsm report directory (kernel 6.7+). */
  public Path tsmReport() {
    return resolve("/sys/kernel/config/tsm/report");
  }
}
