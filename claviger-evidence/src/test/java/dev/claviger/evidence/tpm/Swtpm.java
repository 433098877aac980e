package dev.claviger.evidence.tpm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real software TPM for tests: {@code swtpm_setup} with an EK certificate from
 * {@code swtpm_localca} in a temp directory, then {@code swtpm socket} on 127.0.0.1 (server port P,
 * control port P+1), driven with tpm2-tools over the swtpm TCTI. Skips when the tools are missing
 * (fails under CI=true). {@link #close()} stops swtpm and deletes the directory.
 *
 * <p>Public (and shipped in the evidence test-jar) so that the agent's TPM attester tests and the
 * end-to-end tests in claviger-it drive the same rig.
 */
public final class Swtpm implements AutoCloseable {
  static final List<String> TOOLS = List.of("swtpm", "swtpm_setup", "swtpm_localca",
      "tpm2_createak", "tpm2_quote", "tpm2_pcrextend", "tpm2_readpublic", "tpm2_nvread",
      "tpm2_evictcontrol", "tpm2_flushcontext", "tpm2_pcrread");

  final Path dir;
  private final Process swtpm;
  private final int port;

  private Swtpm(Path dir, Process swtpm, int port) {
    this.dir = dir;
    this.swtpm = swtpm;
    this.port = port;
  }

  public static void requireTools() {
    List<String> missing = new ArrayList<>();
    for (String t : TOOLS) {
      if (Stream.of(System.getenv("PATH").split(":"))
          .noneMatch(p -> Files.isExecutable(Path.of(p, t)))) {
        missing.add(t);
      }
    }
    if (missing.isEmpty() && !tctiInstalled()) {
      missing.add("libtss2-tcti-swtpm");
    }
    if (!missing.isEmpty()) {
      String msg = "missing " + missing
          + " (install Debian packages swtpm swtpm-tools tpm2-tools libtss2-tcti-swtpm0)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg + "; skipping");
    }
  }

  /** tpm2-tools load the swtpm TCTI at run time; its absence only shows as a tool failure. */
  private static boolean tctiInstalled() {
    try {
      Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out.contains("libtss2-tcti-swtpm");
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  public static Swtpm start() throws Exception {
    requireTools();
    Path dir = Files.createTempDirectory("claviger-swtpm");
    Path ca = Files.createDirectories(dir.resolve("ca"));
    Path state = Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("localca.conf"), "statedir = " + ca + "\nsigningkey = " + ca
        + "/signkey.pem\nissuercert = " + ca + "/issuercert.pem\ncertserial = " + ca
        + "/certserial\n");
    Files.writeString(dir.resolve("localca.options"),
        "--platform-manufacturer Claviger\n--platform-version 2.1\n--platform-model swtpm\n");
    Files.writeString(dir.resolve("setup.conf"), "create_certs_tool = /usr/bin/swtpm_localca\n"
        + "create_certs_tool_config = " + dir + "/localca.conf\ncreate_certs_tool_options = "
        + dir + "/localca.options\nactive_pcr_banks = sha256\n");
    run(dir, Map.of(), "swtpm_setup", "--tpm2", "--tpmstate", state.toString(), "--config",
        dir.resolve("setup.conf").toString(), "--create-ek-cert", "--lock-nvram");
    for (int attempt = 0; ; attempt++) {
      int p = portPair();
      Process proc = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate",
          "dir=" + state, "--server", "type=tcp,port=" + p + ",bindaddr=127.0.0.1", "--ctrl",
          "type=tcp,port=" + (p + 1) + ",bindaddr=127.0.0.1", "--flags",
          "not-need-init,startup-clear")
          .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.log").toFile()).start();
      Swtpm s = new Swtpm(dir, proc, p);
      if (s.awaitReady()) {
        return s;
      }
      s.stopProcess();
      if (attempt == 3) {
        s.close();
        throw new IllegalStateException("swtpm did not start: "
            + Files.readString(dir.resolve("swtpm.log")));
      }
    }
  }

  /** Two adjacent free ports below the ephemeral range (so TIME_WAIT sockets cannot collide). */
  private static int portPair() throws IOException {
    for (int i = 0; i < 500; i++) {
      int p = ThreadLocalRandom.current().nextInt(20000, 32000);
      try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
          ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
        return a.getLocalPort() + b.getLocalPort() - p - 1;
      } catch (IOException busy) {
        // try another pair
      }
    }
    throw new IOException("no free port pair");
  }

  private boolean awaitReady() throws InterruptedException {
    for (int i = 0; i < 500 && swtpm.isAlive(); i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return s.isConnected();
      } catch (IOException notYet) {
        Thread.sleep(10);
      }
    }
    return false;
  }

  /** The data channel's port (the control channel is port + 1). */
  public int port() {
    return port;
  }

  /** The TCTI string for this TPM, as tpm2-tools and the agent's {@code AA_TPM_DEVICE} take it. */
  public String tcti() {
    return "swtpm:host=127.0.0.1,port=" + port;
  }

  /** The rig's temp directory (state, CA, and the files tpm2-tools commands write). */
  public Path dir() {
    return dir;
  }

  /** Runs a tpm2-tools command against this TPM, then flushes transient objects. */
  public String tpm(String... cmd) throws Exception {
    Map<String, String> env = Map.of("TPM2TOOLS_TCTI", tcti());
    String out = run(dir, env, cmd);
    run(dir, env, "tpm2_flushcontext", "-t");
    return out;
  }

  static String run(Path cwd, Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
          + text);
    }
    return text;
  }

  public byte[] file(String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  private void stopProcess() {
    swtpm.destroy();
    try {
      if (!swtpm.waitFor(10, TimeUnit.SECONDS)) {
        swtpm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      swtpm.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    stopProcess();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
