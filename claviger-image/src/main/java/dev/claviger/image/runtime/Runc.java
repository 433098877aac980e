package dev.claviger.image.runtime;

import dev.claviger.image.runtime.internal.OutputPump;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs bundles with the {@code runc} binary: {@code runc --root <state> run --bundle <dir> <id>}
 * in the foreground (no terminal), the container's stdout/stderr captured or streamed, a
 * timeout after which the container is killed, and {@code runc delete -f} afterwards in every
 * case. Needs root (runc creates namespaces and mounts).
 *
 * <p>Thread-safe; concurrent runs need distinct container ids.
 */
public final class Runc {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int CAPTURE_LIMIT = 16 << 20;

  private final Path binary;
  private final Path stateRoot;

  private Runc(Path binary, Path stateRoot) {
    this.binary = binary;
    this.stateRoot = stateRoot;
  }

  /**
   * The {@code runc} found on PATH, keeping container state under {@code stateRoot} (a private
   * directory, so that our containers never mix with the host's {@code /run/runc}).
   */
  public static Runc onPath(Path stateRoot) throws ContainerException {
    String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "runc");
      if (Files.isExecutable(p)) {
        return at(p, stateRoot);
      }
    }
    throw new ContainerException(ContainerException.Kind.RUNTIME_MISSING,
        "runc is not installed (Debian package runc)");
  }

  /** A specific runc binary. */
  public static Runc at(Path binary, Path stateRoot) throws ContainerException {
    if (!Files.isExecutable(binary)) {
      throw new ContainerException(ContainerException.Kind.RUNTIME_MISSING, binary + " is not executable");
    }
    return new Runc(binary.toAbsolutePath(), Objects.requireNonNull(stateRoot, "stateRoot").toAbsolutePath());
  }

  /** Runs the bundle, capturing stdout and stderr (each up to 16 MiB). */
  public RunResult run(Bundle bundle, String containerId, Duration timeout) throws ContainerException {
    return run(bundle, containerId, timeout, null, null);
  }

  /**
   * Runs the bundle and waits for the container to exit.
   *
   * @param stdout sink for the container's stdout, or null to capture it in the result
   * @param stderr sink for its stderr (and runc's), or null to capture it
   * @throws ContainerException {@code TIMEOUT} after killing a container that outlived
   *     {@code timeout}; {@code LAUNCH_FAILED} when runc itself could not run the bundle
   */
  public RunResult run(Bundle bundle, String containerId, Duration timeout, OutputStream stdout,
      OutputStream stderr) throws ContainerException {
    checkId(containerId);
    if (!Files.isRegularFile(bundle.configJson())) {
      throw new ContainerException(ContainerException.Kind.INVALID, "no config.json in " + bundle.dir());
    }
    Path log = stateRoot.resolve(containerId + ".log");
    Process proc = start(List.of("--log", log.toString(), "--log-format", "json", "run", "--bundle",
        bundle.dir().toString(), containerId));
    OutputPump out = OutputPump.start(proc.getInputStream(), stdout, CAPTURE_LIMIT);
    OutputPump err = OutputPump.start(proc.getErrorStream(), stderr, CAPTURE_LIMIT);
    try {
      if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(containerId);
        proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new ContainerException(ContainerException.Kind.TIMEOUT,
            "container " + containerId + " still running after " + timeout + "; killed");
      }
      byte[] o = out.finish();
      byte[] e = err.finish();
      int rc = proc.exitValue();
      String runcErrors = runcErrors(log);
      if (rc != 0 && !runcErrors.isEmpty()) {
        throw new ContainerException(ContainerException.Kind.LAUNCH_FAILED,
            "runc could not run the bundle (exit " + rc + "): " + runcErrors);
      }
      return new RunResult(rc, o, e, out.truncated() || err.truncated());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      kill(containerId);
      proc.destroyForcibly();
      throw new ContainerException(ContainerException.Kind.LAUNCH_FAILED, "interrupted", ex);
    } finally {
      delete(containerId);
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a stale log in our private state dir is harmless
      }
    }
  }

  /**
   * runc's own error records. They go to the {@code --log} file, which the container cannot
   * write, so a container that exits non-zero (even printing "level=error") is never mistaken
   * for a failed launch.
   */
  private static String runcErrors(Path log) {
    try {
      if (!Files.isRegularFile(log)) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.contains("\"level\":\"error\"") || line.contains("\"level\":\"fatal\"")) {
          sb.append(line.strip()).append('\n');
        }
      }
      return tail(sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "";
    }
  }

  private Process start(List<String> args) throws ContainerException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", stateRoot.toString()));
    cmd.addAll(args);
    try {
      Files.createDirectories(stateRoot);
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close(); // the container gets no stdin
      return p;
    } catch (IOException e) {
      throw new ContainerException(ContainerException.Kind.LAUNCH_FAILED, "starting runc failed: " + e, e);
    }
  }

  private void kill(String id) {
    quietly(List.of("kill", id, "KILL"));
  }

  private void delete(String id) {
    quietly(List.of("delete", "-f", id));
  }

  /** Best-effort cleanup; the container may already be gone. */
  private void quietly(List<String> args) {
    try {
      Process p = start(args);
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      p.getErrorStream().transferTo(OutputStream.nullOutputStream());
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (ContainerException | IOException e) {
      // nothing left to clean up, or runc is gone: either way not the caller's failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void checkId(String id) throws ContainerException {
    if (id == null || !ID.matcher(id).matches()) {
      throw new ContainerException(ContainerException.Kind.INVALID, "bad container id");
    }
  }

  private static String tail(byte[] stderr) {
    String s = new String(stderr, StandardCharsets.UTF_8).strip();
    return s.length() <= 500 ? s : "..." + s.substring(s.length() - 500);
  }
}
