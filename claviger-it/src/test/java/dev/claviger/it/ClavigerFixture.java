package dev.claviger.it;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.RetryPolicy;
import dev.claviger.agent.SampleAttester;
import dev.claviger.cli.Main;
import dev.claviger.kbs.ClavigerServer;
import dev.claviger.kbs.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process {@code claviger server} (all-in-one: KBS + AS + RVPS + KMS + SQLite) in its own
 * data directory on 127.0.0.1:0 with the sample verifier enabled, administered through the real CLI.
 */
final class ClavigerFixture implements AutoCloseable {
  static final String SAMPLE_TOML = """
      [http_server]
      sockets = ["127.0.0.1:0"]
      insecure_http = true

      [attestation_service.verifier_config]
      allow_insecure_sample = true
      """;
  static final String AFFIRMING_POLICY = """
      package policy
      import rego.v1
      default allow := false
      allow if {
      \tdata.plugin == "resource"
      \tinput.submods.cpu0["ear.status"] == "affirming"
      }
      """;
  static final String DENY_ALL_POLICY = """
      package policy
      import rego.v1
      default allow := false
      """;

  /** What one CLI run produced. */
  record CliResult(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  final Path dataDir;
  final ClavigerServer server;
  private final String scheme;
  private final List<String> adminExtra;

  private ClavigerFixture(Path dataDir, ClavigerServer server, String scheme, List<String> adminExtra) {
    this.dataDir = dataDir;
    this.server = server;
    this.scheme = scheme;
    this.adminExtra = adminExtra;
  }

  static ClavigerFixture start(Path dataDir) throws Exception {
    return start(dataDir, "");
  }

  static ClavigerFixture start(Path dataDir, String extraToml) throws Exception {
    Files.createDirectories(dataDir);
    return new ClavigerFixture(dataDir, ClavigerServer.start(ServerConfig.parse(SAMPLE_TOML + extraToml), dataDir),
        "http", List.of());
  }

  /** HTTPS with the given PEM key and certificate; admin calls trust {@code caCert}. */
  static ClavigerFixture startTls(Path dataDir, Path key, Path cert, Path caCert) throws Exception {
    Files.createDirectories(dataDir);
    String toml = "[http_server]\nsockets = [\"127.0.0.1:0\"]\nprivate_key = \"" + key + "\"\ncertificate = \"" + cert
        + "\"\n\n[attestation_service.verifier_config]\nallow_insecure_sample = true\n";
    return new ClavigerFixture(dataDir, ClavigerServer.start(ServerConfig.parse(toml), dataDir), "https",
        List.of("--cacert", caCert.toString()));
  }

  URI url() {
    return URI.create(scheme + "://127.0.0.1:" + server.port());
  }

  Path adminToken() {
    return server.adminTokenFile();
  }

  /** Runs {@code claviger <args>} in-process. */
  static CliResult cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliResult(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code claviger kbs --url <this> --admin-token <this> <args>}; fails unless exit 0. */
  CliResult admin(String... args) {
    List<String> all = new ArrayList<>(List.of("kbs", "--url", url().toString(), "--admin-token", adminToken().toString()));
    all.addAll(adminExtra);
    all.addAll(List.of(args));
    CliResult result = cli(all.toArray(String[]::new));
    if (result.exitCode() != 0) {
      throw new AssertionError("claviger " + all + " exited " + result.exitCode() + ": " + result.stderr());
    }
    return result;
  }

  /** The reference values the default CPU policy checks for the sample TEE. */
  void registerSampleReferenceValues() {
    admin("set-reference-value", "launch_digest", "--value", "[\"abcde\"]");
    admin("set-reference-value", "svn", "--value", "[\"1\"]");
    admin("set-reference-value", "major_version", "--value", "1");
    admin("set-reference-value", "minimum_minor_version", "--value", "0");
  }

  void setResourcePolicy(String rego) throws Exception {
    Path file = Files.createTempFile(dataDir, "policy", ".rego");
    Files.writeString(file, rego);
    admin("set-resource-policy", "--file", file.toString());
  }

  void setResource(String path, byte[] bytes) throws Exception {
    Path file = Files.createTempFile(dataDir, "resource", ".bin");
    Files.write(file, bytes);
    admin("set-resource", path, "--file", file.toString());
    Files.delete(file);
  }

  /** Reference values + affirming policy + one resource: a guest with the sample TEE gets it. */
  void seed(String path, byte[] bytes) throws Exception {
    registerSampleReferenceValues();
    setResourcePolicy(AFFIRMING_POLICY);
    setResource(path, bytes);
  }

  KbsClient.Builder client() {
    return KbsClient.builder(url(), new SampleAttester())
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)));
  }

  @Override
  public void close() {
    server.close();
  }
}
