package dev.claviger.image.runtime;

import java.nio.charset.StandardCharsets;

/**
 * How a container run ended.
 *
 * @param exitCode the container process's exit status (as reported by {@code runc run})
 * @param stdout captured standard output (empty when it was streamed to a sink instead)
 * @param stderr captured standard error (runc's own messages included)
 * @param truncated true when output beyond the capture limit was dropped
 */
public record RunResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
  public RunResult {
    stdout = stdout.clone();
    stderr = stderr.clone();
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  @Override
  public byte[] stderr() {
    return stderr.clone();
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RunResult[exitCode=" + exitCode + ", stdout=" + stdout.length + " bytes, stderr="
        + stderr.length + " bytes, truncated=" + truncated + "]";
  }
}
