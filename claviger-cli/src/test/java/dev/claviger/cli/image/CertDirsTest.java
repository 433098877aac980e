package dev.claviger.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cert-dir: a private CA's certificate is trusted on top of the JDK roots. */
class CertDirsTest {
  @TempDir Path tmp;

  private void openssl(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
    } catch (IOException missing) {
      if ("true".equals(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail("openssl missing (CI=true)");
      }
      Assumptions.abort("openssl not installed (Debian package openssl); skipping");
      return;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void sslContext_certDir_trustsPrivateServerDefaultRefuses() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", "key.pem", "-out", "ca.crt");
    openssl("pkcs12", "-export", "-in", "ca.crt", "-inkey", "key.pem", "-out", "server.p12",
        "-passout", "pass:pw");
    Path certs = Files.createDirectories(tmp.resolve("certs"));
    Files.copy(tmp.resolve("ca.crt"), certs.resolve("ca.crt"));

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(tmp.resolve("server.p12"))) {
      ks.load(in, "pw".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    SSLContext serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
    server.createContext("/v2/", ex -> {
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    try {
      URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
      HttpClient trusting = HttpClient.newBuilder().sslContext(CertDirs.sslContext(certs)).build();
      assertThat(trusting.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void sslContext_emptyDir_refused() throws Exception {
    assertThatThrownBy(() -> CertDirs.sslContext(tmp)).hasMessageContaining("no *.crt");
  }
}
