package dev.claviger.image.sign;

import dev.claviger.image.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway GnuPG home (the real {@code gpg} binary): generates an unprotected RSA signing key
 * with {@code --quick-gen-key} and exports it. {@link #close()} stops the gpg-agent of this home
 * and deletes it. Skips when gpg is missing (fails under CI=true).
 */
public final class GnuPg implements AutoCloseable {
  private final Path home;
  private final Path gpg;

  private GnuPg(Path home, Path gpg) {
    this.home = home;
    this.gpg = gpg;
  }

  public static GnuPg create() throws IOException {
    Path gpg = Peers.require("gpg", "gnupg");
    // short path: the agent's socket path must fit in sockaddr_un
    Path home = Files.createTempDirectory(Path.of("/tmp"), "gpg",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new GnuPg(home, gpg);
  }

  /** The GNUPGHOME environment for tools (skopeo --sign-by) that use this keyring. */
  public Map<String, String> env() {
    return Map.of("GNUPGHOME", home.toString());
  }

  /** Generates an RSA-2048 signing key without passphrase; returns its fingerprint. */
  public String generateKey(String userId) throws IOException {
    run("--batch", "--passphrase", "", "--quick-gen-key", userId, "rsa2048", "sign", "never");
    String list = new String(run("--with-colons", "--list-secret-keys", userId), StandardCharsets.UTF_8);
    for (String line : list.split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new IOException("no fingerprint in gpg output: " + list);
  }

  /** {@code gpg --export} (binary public keyring). */
  public byte[] exportPublic(String fingerprint) throws IOException {
    return run("--export", fingerprint);
  }

  /** {@code gpg --export-secret-keys} (binary, unprotected). */
  public byte[] exportSecret(String fingerprint) throws IOException {
    return run("--batch", "--pinentry-mode", "loopback", "--passphrase", "",
        "--export-secret-keys", fingerprint);
  }

  /** Runs gpg with this home; returns stdout, throws with stderr on failure. */
  public byte[] run(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(gpg.toString(), "--homedir", home.toString()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("gpg-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("gpg timed out: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new IOException("gpg failed (" + p.exitValue() + "): " + String.join(" ", args)
            + "\n" + Files.readString(err));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running gpg", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() {
    try {
      Process p = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // the agent exits by itself when its home disappears
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Peers.deleteTree(home);
  }
}
