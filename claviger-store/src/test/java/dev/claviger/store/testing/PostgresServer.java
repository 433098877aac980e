package dev.claviger.store.testing;

import dev.claviger.core.SecretBytes;
import dev.claviger.store.StoreConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: either an external server named by {@code CLAVIGER_TEST_PG_URL}
 * (with {@code CLAVIGER_TEST_PG_USER}/{@code CLAVIGER_TEST_PG_PASSWORD}), or a private cluster
 * made with initdb in a temp directory and started with pg_ctl on 127.0.0.1, a free port and a unix
 * socket directory inside the temp directory. PostgreSQL refuses to run as root, so under root the
 * binaries run as the {@code postgres} user (via runuser) and the temp directory is handed to it.
 *
 * <p>Each {@link #freshSchema} call isolates a test in its own schema, which works on external
 * servers where the test user may not create databases.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String SUPERUSER = "claviger";
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final java.util.Set<Path> STOPPED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String baseUrl;
  private final String user;
  private final String password;
  private final Path dir;
  private final Path bin;
  private final boolean asPostgresUser;

  private PostgresServer(
      String baseUrl, String user, String password, Path dir, Path bin, boolean asPostgresUser) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.dir = dir;
    this.bin = bin;
    this.asPostgresUser = asPostgresUser;
  }

  /** Connects to the server named by {@code CLAVIGER_TEST_PG_URL}. */
  static PostgresServer external(String url) {
    String u = System.getenv().getOrDefault("CLAVIGER_TEST_PG_USER", "postgres");
    String p = System.getenv().getOrDefault("CLAVIGER_TEST_PG_PASSWORD", "");
    return new PostgresServer(url, u, p, null, null, false);
  }

  /** initdb + pg_ctl start with binaries from {@code bin}. */
  static PostgresServer start(Path bin) throws IOException, InterruptedException {
    boolean root = isRoot();
    Path dir = Files.createTempDirectory("claviger-pg-");
    String password = HexFormat.of().formatHex(randomBytes(16));
    PostgresServer server = null;
    try {
      Path pwFile = dir.resolve("pw");
      Files.writeString(pwFile, password + "\n", StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
      Files.createDirectory(dir.resolve("sock"));
      if (root) {
        chownToPostgres(dir);
      }
      run(root, dir.resolve("initdb.log"), bin.resolve("initdb").toString(),
          "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "--pwfile=" + pwFile,
          "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync");
      int port = startOnFreePort(root, bin, dir);
      server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER,
          password, dir, bin, root);
      server.execute("CREATE DATABASE claviger_test");
      PostgresServer ready = new PostgresServer(
          "jdbc:postgresql://127.0.0.1:" + port + "/claviger_test", SUPERUSER, password, dir, bin,
          root);
      // JUnit closes the server after the run; the hook covers a JVM killed mid-run.
      Runtime.getRuntime().addShutdownHook(new Thread(ready::close, "claviger-pg-stop"));
      return ready;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (server != null) {
        server.close();
      } else {
        deleteTree(dir);
      }
      throw e;
    }
  }

  /** Creates a new empty schema and returns a store config whose connections use it. */
  public StoreConfig freshSchema(int poolSize) {
    String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet() + "_"
        + Long.toHexString(System.nanoTime());
    execute("CREATE SCHEMA " + schema);
    String sep = baseUrl.contains("?") ? "&" : "?";
    return StoreConfig.postgres(baseUrl + sep + "currentSchema=" + schema, user,
        SecretBytes.copyOf(password.getBytes(StandardCharsets.UTF_8)), poolSize);
  }

  /** Runs one SQL statement as the test user on the base database. */
  public void execute(String sql) {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    try (Connection c = DriverManager.getConnection(baseUrl, props);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Stops a private cluster and deletes its directory; no-op for an external server. */
  @Override
  public void close() {
    if (dir == null || !STOPPED.add(dir)) {
      return;
    }
    try {
      run(asPostgresUser, dir.resolve("stop.log"), bin.resolve("pg_ctl").toString(),
          "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } catch (IOException | InterruptedException e) {
      // Deleting the directory below still makes the orphaned server exit at its next checkpoint.
    }
    deleteTree(dir);
  }

  private static int startOnFreePort(boolean root, Path bin, Path dir)
      throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      String opts = "-c listen_addresses=127.0.0.1 -p " + port
          + " -c unix_socket_directories=" + dir.resolve("sock")
          + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
          + " -c shared_buffers=32MB -c max_connections=60";
      try {
        run(root, dir.resolve("start.log"), bin.resolve("pg_ctl").toString(),
            "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
            "-w", "-t", "60", "-o", opts, "start");
        return port;
      } catch (IOException e) {
        last = e; // most likely the port was taken between probing and binding
      }
    }
    throw last;
  }

  private static void run(boolean asPostgres, Path log, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      String out = Files.exists(log) ? Files.readString(log) : "";
      Path serverLog = log.resolveSibling("server.log");
      if (Files.exists(serverLog)) {
        out += "\n--- server.log ---\n" + Files.readString(serverLog);
      }
      throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out);
    }
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static void chownToPostgres(Path dir) throws IOException {
    UserPrincipal pg;
    try {
      pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    } catch (IOException e) {
      throw new IOException("running as root needs a 'postgres' user to run PostgreSQL", e);
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setOwner(p, pg);
      }
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a temp directory left behind is harmless
    }
  }
}
