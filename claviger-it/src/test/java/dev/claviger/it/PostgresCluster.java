package dev.claviger.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL cluster for the replica tests: initdb in a temp directory, pg_ctl start on
 * 127.0.0.1 with a free port (as the {@code postgres} user when running as root, since PostgreSQL
 * refuses root). Absent binaries skip the test with a message, or fail it under {@code CI=true}.
 */
final class PostgresCluster implements AutoCloseable {
  static final String USER = "claviger";

  private final Path dir;
  private final Path bin;
  private final boolean asPostgres;
  final int port;
  final Path passwordFile;

  private PostgresCluster(Path dir, Path bin, boolean asPostgres, int port, Path passwordFile) {
    this.dir = dir;
    this.bin = bin;
    this.asPostgres = asPostgres;
    this.port = port;
    this.passwordFile = passwordFile;
  }

  /** Starts a cluster, or aborts the test (skip) when PostgreSQL is not installed outside CI. */
  static PostgresCluster startOrSkip(Path secretsDir) throws Exception {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      String message = "PostgreSQL (initdb, pg_ctl) not found: install the Debian package 'postgresql'";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    Path dir = Files.createTempDirectory("claviger-it-pg-");
    String password = HexFormat.of().formatHex(random(16));
    Path pgPw = dir.resolve("pw");
    Files.writeString(pgPw, password + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(pgPw, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectory(dir.resolve("sock"));
    if (root) {
      chownToPostgres(dir);
    }
    run(root, dir.resolve("initdb.log"), bin.get().resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
        "-U", USER, "--pwfile=" + pgPw, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync");
    int port = freePort();
    run(root, dir.resolve("start.log"), bin.get().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
        "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + dir.resolve("sock")
            + " -c fsync=off -c synchronous_commit=off -c max_connections=60",
        "start");
    Path serverPw = secretsDir.resolve("pg-password");
    Files.writeString(serverPw, password + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(serverPw, PosixFilePermissions.fromString("rw-------"));
    return new PostgresCluster(dir, bin.get(), root, port, serverPw);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The {@code [storage]} table of a Claviger server using this cluster. */
  String storageToml() {
    return "\n[storage]\ntype = \"postgres\"\nurl = \"" + jdbcUrl() + "\"\nuser = \"" + USER
        + "\"\npassword_file = \"" + passwordFile + "\"\npool_size = 4\n";
  }

  @Override
  public void close() throws Exception {
    try {
      run(asPostgres, dir.resolve("stop.log"), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Optional<Path> binaries() throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty()) {
        dirs.add(Path.of(p));
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        majors.filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
            .forEach(p -> dirs.add(p.resolve("bin")));
      }
    }
    return dirs.stream()
        .filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
        .findFirst();
  }

  private static void run(boolean asPostgres, Path log, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + Files.readString(log));
    }
  }

  private static void chownToPostgres(Path dir) throws IOException {
    UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setOwner(p, pg);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
