package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.sign.SignatureException.Kind;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookasideTest {
  private static final Digest D = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;

  private static RegistriesD config(String... yamlFiles) throws MalformedInputException {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < yamlFiles.length; i++) {
      files.put("f" + i + ".yaml", yamlFiles[i].getBytes(StandardCharsets.UTF_8));
    }
    return RegistriesD.parse(files);
  }

  private static ImageReference ref(String s) throws MalformedInputException {
    return ImageReference.parse(s);
  }

  @Test
  void lookasideBase_mostSpecificScopeWins_stagingForWrite() throws Exception {
    RegistriesD c = config("""
        default-docker:
          lookaside: file:///default
        docker:
          127.0.0.1:5000:
            lookaside: file:///host
            lookaside-staging: file:///staging
          127.0.0.1:5000/demo/app:
            sigstore: https://sigs.test/base
          "*.example.com":
            sigstore: file:///wild
            sigstore-staging: file:///wild-staging
        """);
    assertThat(c.lookasideBase(ref("127.0.0.1:5000/demo/app:v1"), false))
        .contains(URI.create("https://sigs.test/base/demo/app"));
    assertThat(c.lookasideBase(ref("127.0.0.1:5000/other:v1"), false))
        .contains(URI.create("file:/host/other"));
    assertThat(c.lookasideBase(ref("127.0.0.1:5000/other:v1"), true))
        .contains(URI.create("file:/staging/other"));
    assertThat(c.lookasideBase(ref("r.example.com/ns/x:1"), true))
        .contains(URI.create("file:/wild-staging/ns/x"));
    assertThat(c.lookasideBase(ref("quay.io/ns/x:1"), false)).contains(URI.create("file:/default/ns/x"));
    assertThat(c.lookasideBase(ref("busybox:latest"), false))
        .contains(URI.create("file:/default/library/busybox"));
  }

  @Test
  void lookasideBase_nothingConfigured_empty() throws Exception {
    assertThat(RegistriesD.empty().lookasideBase(ref("quay.io/a/b:1"), false)).isEmpty();
    assertThat(RegistriesD.load(tmp.resolve("missing")).lookasideBase(ref("quay.io/a/b:1"), false)).isEmpty();
  }

  @Test
  void parse_duplicateScopesOrBadTypes_malformed() {
    for (String[] files : List.of(
        new String[] {"docker:\n  a.test:\n    lookaside: file:///a\n", "docker:\n  a.test:\n    lookaside: file:///b\n"},
        new String[] {"default-docker:\n  lookaside: file:///a\n", "default-docker:\n  lookaside: file:///b\n"},
        new String[] {"docker: [1, 2]\n"},
        new String[] {"docker:\n  a.test:\n    lookaside: [x]\n"},
        new String[] {"docker:\n  a.test:\n    use-sigstore-attachments: maybe\n"},
        new String[] {"docker:\n  a.test: {lookaside: x}\n  a.test: {lookaside: y}\n"},
        new String[] {"- just\n- a list\n"},
        new String[] {"a: &a [x]\nb: [" + "*a,".repeat(30) + "*a]\n"})) {
      assertThat(catchThrowableOfType(MalformedInputException.class, () -> config(files)))
          .as(String.join(" | ", files)).isNotNull();
    }
  }

  @Test
  void load_directoryOfYamlFiles_mergesAndIgnoresOtherFiles() throws Exception {
    Files.writeString(tmp.resolve("a.yaml"), "docker:\n  a.test:\n    lookaside: file:///a\n");
    Files.writeString(tmp.resolve("b.yaml"), "docker:\n  b.test:\n    lookaside: file:///b\n    use-sigstore-attachments: true\n");
    Files.writeString(tmp.resolve("c.yml"), "this is: [not read");
    RegistriesD c = RegistriesD.load(tmp);
    assertThat(c.lookasideBase(ref("a.test/x:1"), false)).contains(URI.create("file:/a/x"));
    assertThat(c.useSigstoreAttachments(ref("b.test/x:1"))).isTrue();
    assertThat(c.useSigstoreAttachments(ref("a.test/x:1"))).isFalse();
  }

  @Test
  void writeThenRead_file_numbersSignaturesFromOne() throws Exception {
    URI base = tmp.resolve("sigs/demo/app").toUri();
    assertThat(Lookaside.read(base, D, http)).isEmpty();
    assertThat(Lookaside.write(base, D, new byte[] {1, 2})).isEqualTo(1);
    assertThat(Lookaside.write(base, D, new byte[] {3})).isEqualTo(2);
    assertThat(tmp.resolve("sigs/demo/app@sha256=" + D.encoded() + "/signature-2")).exists();
    assertThat(Lookaside.read(base, D, http)).containsExactly(new byte[] {1, 2}, new byte[] {3});
  }

  @Test
  void read_containersImageFormatHeader_stripped() throws Exception {
    URI base = tmp.toUri().resolve("r");
    Path p = Path.of(Lookaside.signatureUri(base, D, 1));
    Files.createDirectories(p.getParent());
    Files.write(p, "\0simple-signing\nPGP".getBytes(StandardCharsets.US_ASCII));
    assertThat(Lookaside.read(base, D, http)).containsExactly("PGP".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void read_http_stopsAt404_failsOn500() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String prefix = "/sigs/demo/app@sha256=" + D.encoded() + "/";
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body = path.equals(prefix + "signature-1") ? new byte[] {7}
          : path.equals(prefix + "signature-2") ? new byte[] {8} : new byte[0];
      int status = body.length > 0 ? 200 : path.startsWith("/broken") ? 500 : 404;
      ex.sendResponseHeaders(status, body.length > 0 ? body.length : -1);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    try {
      String root = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(Lookaside.read(URI.create(root + "/sigs/demo/app"), D, http))
          .containsExactly(new byte[] {7}, new byte[] {8});
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> Lookaside.read(URI.create(root + "/broken/x"), D, http));
      assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void read_unsupportedScheme_configuration_andWriteOverHttpRefused() {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> Lookaside.read(URI.create("ftp://x.test/sigs"), D, http));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
    SignatureException w = catchThrowableOfType(SignatureException.class,
        () -> Lookaside.write(URI.create("https://x.test/sigs"), D, new byte[] {1}));
    assertThat(w.kind()).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void read_oversizedSignature_unavailable() throws Exception {
    URI base = tmp.toUri().resolve("big");
    Path p = Path.of(Lookaside.signatureUri(base, D, 1));
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[4 * 1024 * 1024 + 1]);
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> Lookaside.read(base, D, http));
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
  }
}
