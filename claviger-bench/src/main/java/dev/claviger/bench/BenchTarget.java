package dev.claviger.bench;

import dev.claviger.agent.ResourcePath;
import dev.claviger.cli.Main;
import dev.claviger.kbs.ClavigerServer;
import dev.claviger.kbs.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The server under load: in-process {@link ClavigerServer} in a temp dir, or a running one. */
final class BenchTarget implements AutoCloseable {
  private static final String SAMPLE_TOML = """
      [http_server]
      sockets = ["127.0.0.1:0"]
      insecure_http = true

      [attestation_service.verifier_config]
      allow_insecure_sample = true
      """;
  private static final String AFFIRMING_POLICY = """
      package policy
      import rego.v1
      default allow := false
      allow if {
      \tdata.plugin == "resource"
      \tinput.submods.cpu0["ear.status"] == "affirming"
      }
      """;

  private final URI url;
  private final Path adminToken;
  private final ClavigerServer server;
  private final Path tempDir;
  private final Long serverPid;
  private final Process process;

  private BenchTarget(URI url, Path adminToken, ClavigerServer server, Path tempDir, Long serverPid, Process process) {
    this.url = url;
    this.adminToken = adminToken;
    this.server = server;
    this.tempDir = tempDir;
    this.serverPid = serverPid;
    this.process = process;
  }

  static BenchTarget inProcess() throws Exception {
    Path dir = Files.createTempDirectory("claviger-bench");
    ClavigerServer server = ClavigerServer.start(ServerConfig.parse(SAMPLE_TOML), dir.resolve("data"));
    return new BenchTarget(URI.create("http://127.0.0.1:" + server.port()), server.adminTokenFile(), server, dir, null,
        null);
  }

  static BenchTarget external(URI url, Path adminToken, Long serverPid) {
    return new BenchTarget(url, adminToken, null, null, serverPid, null);
  }

  /**
   * {@code claviger server} in its own JVM ({@code java -jar claviger.jar server}), so that the
   * server's CPU time and RSS are measured apart from the load generator's.
   */
  static BenchTarget forked(Path claviJar) throws Exception {
    Path dir = Files.createTempDirectory("claviger-bench");
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("server.toml"), SAMPLE_TOML.replace("127.0.0.1:0", "127.0.0.1:" + port));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx1g",
        "-jar", claviJar.toString(), "server", "--data-dir", dir.resolve("data").toString(), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    URI url = URI.create("http://127.0.0.1:" + port);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; ; i++) {
      try {
        if (http.send(java.net.http.HttpRequest.newBuilder(url.resolve("/healthz")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!process.isAlive() || i > 240) {
        process.destroyForcibly();
        throw new IllegalStateException("forked server did not start; see " + dir.resolve("server.log"));
      }
      Thread.sleep(250);
    }
    return new BenchTarget(url, dir.resolve("data").resolve("admin-token"), null, dir, process.pid(), process);
  }

  /** CPU seconds (user + system) of a separate server process, or -1 when in-process/unknown. */
  double serverCpuSeconds() {
    if (serverPid == null) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ": field 3 is state, so utime/stime (fields 14/15) are at 11/12 here.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  URI url() {
    return url;
  }

  String description() {
    if (server != null) {
      return "in-process claviger server (SQLite, sample verifier) " + url;
    }
    return process != null ? "forked claviger server (SQLite, sample verifier) " + url + " pid " + serverPid : url.toString();
  }

  /** Sample reference values, the affirming resource policy and one resource, through the CLI. */
  void seed(ResourcePath path, byte[] secret) throws IOException {
    Path work = Files.createTempDirectory("claviger-bench-seed");
    try {
      admin("set-reference-value", "launch_digest", "--value", "[\"abcde\"]");
      admin("set-reference-value", "svn", "--value", "[\"1\"]");
      admin("set-reference-value", "major_version", "--value", "1");
      admin("set-reference-value", "minimum_minor_version", "--value", "0");
      Path policy = Files.writeString(work.resolve("policy.rego"), AFFIRMING_POLICY);
      admin("set-resource-policy", "--file", policy.toString());
      Path resource = Files.write(work.resolve("resource"), secret);
      admin("set-resource", path.toString(), "--file", resource.toString());
    } finally {
      deleteTree(work);
    }
  }

  private void admin(String... args) {
    List<String> all = new ArrayList<>(List.of("kbs", "--url", url.toString(), "--admin-token", adminToken.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    if (code != 0) {
      throw new IllegalStateException("seeding failed: claviger " + all + ": " + err.toString(StandardCharsets.UTF_8));
    }
  }

  /** Resident set of the server: this JVM when in-process, else {@code --server-pid}; -1 if unknown. */
  long serverRssKb() {
    Path status = server != null || serverPid == null
        ? (server != null ? Path.of("/proc/self/status") : null)
        : Path.of("/proc/" + serverPid + "/status");
    if (status == null) {
      return -1;
    }
    try (Stream<String> lines = Files.lines(status)) {
      return lines.filter(l -> l.startsWith("VmRSS:"))
          .map(l -> l.replaceAll("[^0-9]", ""))
          .mapToLong(Long::parseLong)
          .findFirst().orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    if (tempDir != null) {
      deleteTree(tempDir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
