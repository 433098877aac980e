package dev.claviger.store.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds {@code initdb} and {@code pg_ctl}: first on PATH, then the Debian layout {@code
 * /usr/lib/postgresql/<major>/bin} (newest major first; Debian keeps them off PATH), then {@code
 * /usr/local/bin} and {@code /usr/local/pgsql/bin}.
 */
public final class PostgresBinaries {
  private PostgresBinaries() {}

  /** The directory holding both binaries, if any. */
  public static Optional<Path> find() {
    for (Path dir : candidates()) {
      if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static List<Path> candidates() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String p : path.split(":")) {
        if (!p.isEmpty()) {
          dirs.add(Path.of(p));
        }
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        majors
            .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(Comparator.comparingDouble(
                    (Path p) -> Double.parseDouble(p.getFileName().toString()))
                .reversed())
            .forEach(p -> dirs.add(p.resolve("bin")));
      } catch (IOException e) {
        // unreadable: fall through to the remaining candidates
      }
    }
    dirs.add(Path.of("/usr/local/bin"));
    dirs.add(Path.of("/usr/local/pgsql/bin"));
    return dirs;
  }
}
