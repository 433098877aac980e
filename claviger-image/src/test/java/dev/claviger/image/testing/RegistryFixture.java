package dev.claviger.image.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real OCI registry for tests: Debian {@code docker-registry} (distribution 2.8) with its own
 * config (filesystem storage in a temp dir, {@code 127.0.0.1:<free port>}, deletes enabled, plain
 * HTTP). {@link #withBasicAuth} adds htpasswd (bcrypt) basic auth; {@link #withTls} serves HTTPS
 * with a self-signed certificate. Skips when the binary is missing
 * (fails under CI=true). {@link #close()} kills the process and deletes the directory.
 *
 * <pre>{@code
 * try (RegistryFixture reg = RegistryFixture.start()) {
 *   skopeo.run("copy", "--dest-tls-verify=false", "oci:" + dir + ":v1",
 *       "docker://" + reg.host() + "/demo/app:v1");
 * }
 * }</pre>
 */
public final class RegistryFixture implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

  private final Path dir;
  private final Process process;
  private final int port;
  private final String user;
  private final String password;
  private final boolean tls;

  private RegistryFixture(Path dir, Process process, int port, String user, String password,
      boolean tls) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.user = user;
    this.password = password;
    this.tls = tls;
  }

  /** An anonymous registry (no auth). */
  public static RegistryFixture start() throws IOException {
    return launch(null, null, false);
  }

  /**
   * An anonymous registry serving HTTPS with a fresh self-signed P-256 certificate for
   * 127.0.0.1 (made with openssl); trust it through {@link #caCertificate()} or
   * {@link #sslContext()}.
   */
  public static RegistryFixture withTls() throws IOException {
    return launch(null, null, true);
  }

  /** A registry that requires HTTP basic auth with exactly this user and password. */
  public static RegistryFixture withBasicAuth(String user, String password) throws IOException {
    if (user == null || user.isEmpty() || user.contains(":") || password == null) {
      throw new IllegalArgumentException("user must be non-empty without ':'; password non-null");
    }
    return launch(user, password, false);
  }

  private static RegistryFixture launch(String user, String password, boolean tls)
      throws IOException {
    Path bin = Peers.require("docker-registry", "docker-registry");
    Path dir = Files.createTempDirectory("claviger-registry");
    try {
      Files.createDirectories(dir.resolve("data"));
      if (user != null) {
        Files.writeString(dir.resolve("htpasswd"), user + ":" + bcrypt(password) + "\n");
      }
      if (tls) {
        selfSigned(dir);
      }
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = freePort();
        Files.writeString(dir.resolve("config.yml"), config(dir, port, user != null, tls));
        Process p = new ProcessBuilder(bin.toString(), "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
            .start();
        RegistryFixture r = new RegistryFixture(dir, p, port, user, password, tls);
        if (r.awaitReady()) {
          return r;
        }
        r.stopProcess();
      }
      throw new IOException("docker-registry did not start: " + readLog(dir));
    } catch (IOException | RuntimeException e) {
      Peers.deleteTree(dir);
      throw e;
    }
  }

  private static String config(Path dir, int port, boolean auth, boolean tls) {
    StringBuilder sb = new StringBuilder()
        .append("version: 0.1\n")
        .append("log: {level: warn, accesslog: {disabled: true}}\n")
        .append("storage:\n")
        .append("  filesystem: {rootdirectory: \"").append(dir.resolve("data")).append("\"}\n")
        .append("  delete: {enabled: true}\n")
        .append("http:\n")
        .append("  addr: 127.0.0.1:").append(port).append('\n')
        // a fixed secret silences the "No HTTP secret provided" warning; single instance only
        .append("  secret: claviger-test-fixture\n");
    if (tls) {
      sb.append("  tls:\n    certificate: \"").append(dir.resolve("tls/ca.crt"))
          .append("\"\n    key: \"").append(dir.resolve("tls/key.pem")).append("\"\n");
    }
    if (auth) {
      sb.append("auth:\n  htpasswd:\n    realm: claviger-test\n    path: \"")
          .append(dir.resolve("htpasswd")).append("\"\n");
    }
    return sb.toString();
  }

  /** Go's bcrypt accepts the $2y$ variant that both htpasswd -B and OpenBSDBCrypt produce. */
  private static String bcrypt(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 5);
  }

  /** Self-signed certificate in tls/ (ca.crt, as skopeo's --cert-dir expects, and key.pem). */
  private static void selfSigned(Path dir) throws IOException {
    Path openssl = Peers.require("openssl", "openssl");
    Path tlsDir = Files.createDirectories(dir.resolve("tls"));
    Process p = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", tlsDir.resolve("key.pem").toString(),
        "-out", tlsDir.resolve("ca.crt").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("openssl failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running openssl", e);
    }
  }

  /** The registry's self-signed certificate (TLS fixtures only); its directory is a cert-dir. */
  public Path caCertificate() {
    if (!tls) {
      throw new IllegalStateException("not a TLS registry");
    }
    return dir.resolve("tls/ca.crt");
  }

  /** An SSLContext that trusts exactly this registry's certificate. */
  public javax.net.ssl.SSLContext sslContext() throws java.security.GeneralSecurityException,
      IOException {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (var in = Files.newInputStream(caCertificate())) {
      ks.setCertificateEntry("registry", java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Ready means the registry answers /v2/ at all: 200 anonymous, 401 with auth. */
  private boolean awaitReady() throws IOException {
    HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
    if (tls) {
      try {
        hb.sslContext(sslContext());
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException("cannot trust the fixture certificate", e);
      }
    }
    HttpClient http = hb.build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/v2/"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        int code = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (code == 200 || code == 401) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
    }
    return false;
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT} ({@code https://} for a TLS fixture). */
  public String url() {
    return (tls ? "https://" : "http://") + host();
  }

  /** The basic-auth user, or null for an anonymous registry. */
  public String user() {
    return user;
  }

  /** The basic-auth password, or null for an anonymous registry. */
  public String password() {
    return password;
  }

  /** Filesystem storage root (to tamper with stored blobs in negative tests). */
  public Path storage() {
    return dir.resolve("data");
  }

  /** The registry's combined output so far (for assertion messages). */
  public String log() {
    return readLog(dir);
  }

  private static String readLog(Path dir) {
    try {
      Path log = dir.resolve("registry.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stopProcess();
    Peers.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "RegistryFixture[" + host() + (user != null ? ", basic auth" : "")
        + (tls ? ", tls" : "") + "]";
  }
}
