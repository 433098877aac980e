package dev.claviger.image.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code skopeo} (1.9.3 in Debian 12) isolated from the machine's configuration:
 * a temp HOME and XDG_RUNTIME_DIR, its own registries.conf, auth file, {@code --registries.d}
 * directory and {@code --policy} (insecureAcceptAnything unless a test replaces {@link
 * #policyFile()}). Skips when skopeo is missing (fails under CI=true).
 *
 * <p>Plain-HTTP registries still need {@code --src-tls-verify=false}/{@code --dest-tls-verify=false}
 * (or {@code --tls-verify=false}) per command, exactly as a user would pass them.
 */
public final class Skopeo implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 300;
  private static final String ACCEPT_ANYTHING =
      "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],"
          + "\"transports\":{\"docker-daemon\":{\"\":[{\"type\":\"insecureAcceptAnything\"}]}}}\n";

  /** Exit code and captured output of one skopeo run. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** skopeo exited non-zero; the message carries its stderr. */
  public static final class Failure extends IOException {
    private final transient Result result;

    Failure(List<String> command, Result result) {
      super("skopeo failed (exit " + result.exitCode() + "): " + String.join(" ", command)
          + "\n" + result.stderr().strip());
      this.result = result;
    }

    public Result result() {
      return result;
    }
  }

  private final Path binary;
  private final Path dir;

  private Skopeo(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
  }

  public static Skopeo create() throws IOException {
    Path bin = Peers.require("skopeo", "skopeo");
    Path dir = Files.createTempDirectory("claviger-skopeo");
    Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("registries.d"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(dir.resolve("policy.json"), ACCEPT_ANYTHING);
    Files.writeString(dir.resolve("registries.conf"), "unqualified-search-registries = []\n");
    return new Skopeo(bin, dir);
  }

  /** The policy passed as {@code --policy}; tests may overwrite it (e.g. a signedBy policy). */
  public Path policyFile() {
    return dir.resolve("policy.json");
  }

  /** The {@code --registries.d} directory (drop lookaside/sigstore YAML here). */
  public Path registriesDir() {
    return dir.resolve("registries.d");
  }

  /** The isolated HOME of every run. */
  public Path home() {
    return dir.resolve("home");
  }

  /** A scratch directory owned by this instance, deleted on close. */
  public Path workDir() {
    return dir;
  }

  /** Runs skopeo; throws {@link Failure} (with stderr) on a non-zero exit. */
  public Result run(String... args) throws IOException {
    return run(Map.of(), args);
  }

  /** As {@link #run(String...)} with extra environment (e.g. GNUPGHOME). */
  public Result run(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = command(args);
    Result r = exec(cmd, env);
    if (!r.ok()) {
      throw new Failure(cmd, r);
    }
    return r;
  }

  /** Runs skopeo and returns the result whatever the exit code (for expected-failure tests). */
  public Result tryRun(Map<String, String> env, String... args) throws IOException {
    return exec(command(args), env);
  }

  public Result tryRun(String... args) throws IOException {
    return tryRun(Map.of(), args);
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.add("--policy");
    cmd.add(policyFile().toString());
    cmd.add("--registries.d");
    cmd.add(registriesDir().toString());
    cmd.add("--tmpdir");
    cmd.add(dir.resolve("tmp").toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Result exec(List<String> cmd, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> e = pb.environment();
    e.put("HOME", home().toString());
    e.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
    e.put("XDG_CONFIG_HOME", home().resolve(".config").toString());
    e.put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
    e.put("CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString());
    e.put("TMPDIR", dir.resolve("tmp").toString());
    e.putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("skopeo timed out after " + TIMEOUT_SECONDS + " s: " + cmd);
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted running skopeo", ex);
    } catch (ExecutionException ex) {
      throw new IOException("reading skopeo output", ex.getCause());
    }
  }

  /** A dedicated thread per stream: the common pool has one thread on a 2-core machine. */
  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (in) {
        f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        f.complete("(output unreadable: " + e.getMessage() + ")");
      }
    }, "skopeo-output");
    t.setDaemon(true);
    t.start();
    return f;
  }

  @Override
  public void close() {
    Peers.deleteTree(dir);
  }
}
