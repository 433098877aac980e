package dev.claviger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.claviger.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code claviger kbs ...} in-process against a recording admin endpoint. */
class KbsCommandTest {
  private record Call(String method, String path, String auth, String contentType, byte[] body) {}

  private final List<Call> calls = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private HttpServer server;
  private volatile int status = 200;
  private volatile String reply = "";
  @TempDir Path dir;
  private Path token;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::record);
    server.start();
    token = Files.writeString(dir.resolve("admin-token"), "header.payload.sig\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void record(HttpExchange ex) throws IOException {
    synchronized (calls) {
      calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
          ex.getRequestBody().readAllBytes()));
    }
    byte[] body = reply.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("kbs", "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "--admin-token", token.toString()));
    all.addAll(List.of(args));
    return Main.run(all.toArray(String[]::new), new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void setResource_postsRawBytesWithBearerToken() throws Exception {
    Path file = Files.write(dir.resolve("secret"), new byte[] {0, 1, 2, (byte) 0xff});

    int code = run("set-resource", "default/key/one", "--file", file.toString());

    assertThat(code).isEqualTo(0);
    Call call = calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/kbs/v0/resource/default/key/one");
    assertThat(call.auth()).isEqualTo("Bearer header.payload.sig");
    assertThat(call.contentType()).isEqualTo("application/octet-stream");
    assertThat(call.body()).containsExactly(0, 1, 2, 0xff);
  }

  @Test
  void deleteResource_sendsDelete() {
    assertThat(run("delete-resource", "default/key/one")).isEqualTo(0);

    assertThat(calls.get(0).method()).isEqualTo("DELETE");
    assertThat(calls.get(0).path()).isEqualTo("/kbs/v0/resource/default/key/one");
  }

  @Test
  void setResourcePolicy_sendsBase64UrlWithoutPadding() throws Exception {
    String rego = "package policy\ndefault allow := false\n";  // 39 bytes: base64 would need padding
    Path file = Files.writeString(dir.resolve("p.rego"), rego);

    assertThat(run("set-resource-policy", "--file", file.toString())).isEqualTo(0);

    JsonNode body = Json.parse(calls.get(0).body());
    assertThat(calls.get(0).path()).isEqualTo("/kbs/v0/resource-policy");
    assertThat(body.get("policy").asText()).doesNotContain("=")
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(rego.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void setAttestationPolicy_sendsIdTypeAndPolicy() throws Exception {
    Path file = Files.writeString(dir.resolve("a.rego"), "package policy\n");

    assertThat(run("set-attestation-policy", "--id", "default_cpu", "--file", file.toString())).isEqualTo(0);

    JsonNode body = Json.parse(calls.get(0).body());
    assertThat(calls.get(0).path()).isEqualTo("/kbs/v0/attestation-policy");
    assertThat(body.get("type").asText()).isEqualTo("rego");
    assertThat(body.get("policy_id").asText()).isEqualTo("default_cpu");
    assertThat(new String(Base64.getUrlDecoder().decode(body.get("policy").asText()), StandardCharsets.UTF_8))
        .isEqualTo("package policy\n");
  }

  @Test
  void setReferenceValue_sendsRvpsSampleMessageWithStandardBase64Payload() throws Exception {
    assertThat(run("set-reference-value", "svn", "--value", "[\"1\"]")).isEqualTo(0);

    JsonNode message = Json.parse(calls.get(0).body());
    assertThat(calls.get(0).path()).isEqualTo("/kbs/v0/reference-value");
    assertThat(message.get("version").asText()).isEqualTo("0.1.0");
    assertThat(message.get("type").asText()).isEqualTo("sample");
    JsonNode payload = Json.parse(Base64.getDecoder().decode(message.get("payload").asText()));
    assertThat(Json.write(payload)).isEqualTo("{\"svn\":[\"1\"]}");
  }

  @Test
  void setReferenceValue_valueNotJson_exitsUsage() {
    assertThat(run("set-reference-value", "svn", "--value", "[1")).isEqualTo(ExitCodes.USAGE);
    assertThat(calls).isEmpty();
  }

  @Test
  void getReferenceValue_printsServerJson() {
    reply = "[\"abcde\"]";

    assertThat(run("get-reference-value", "launch_digest")).isEqualTo(0);

    assertThat(calls.get(0).method()).isEqualTo("GET");
    assertThat(calls.get(0).path()).isEqualTo("/kbs/v0/reference-value/launch_digest");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[\"abcde\"]" + System.lineSeparator());
  }

  @Test
  void anyCommand_serverRefuses_exitsOneWithDetail() {
    status = 401;
    reply = "{\"type\":\"https://github.com/confidential-containers/kbs/errors/AdminAuthAccess\",\"detail\":\"role not allowed\"}";

    assertThat(run("delete-resource", "default/key/one")).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("role not allowed").contains("AdminAuthAccess");
  }

  @Test
  void anyCommand_serverError_exitsThree() {
    status = 500;
    reply = "boom";

    assertThat(run("delete-resource", "default/key/one")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("boom");
  }

  @Test
  void anyCommand_unreachable_exitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int code = Main.run(new String[] {"kbs", "--url", "http://127.0.0.1:" + port, "--admin-token", token.toString(),
        "delete-resource", "a/b/c"}, new PrintStream(out), new PrintStream(err));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void setResource_missingFile_exitsUsage() {
    assertThat(run("set-resource", "a/b/c", "--file", dir.resolve("absent").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not exist");
    assertThat(calls).isEmpty();
  }

  @Test
  void setResource_badPath_exitsUsage() throws Exception {
    Path file = Files.write(dir.resolve("s"), new byte[] {1});

    assertThat(run("set-resource", "../etc/passwd", "--file", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(calls).isEmpty();
  }

  @Test
  void kbs_missingRequiredOption_exitsUsage() {
    int code = Main.run(new String[] {"kbs", "delete-resource", "a/b/c"}, new PrintStream(out), new PrintStream(err));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void main_unknownCommand_exitsUsage() {
    assertThat(Main.run(new String[] {"frobnicate"}, new PrintStream(out), new PrintStream(err))).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void agentGetResource_unknownKeyType_exitsUsage() {
    int code = Main.run(new String[] {"agent", "get-resource", "--url", "http://127.0.0.1:1", "--key-type", "dsa", "a/b/c"},
        new PrintStream(out), new PrintStream(err));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key type");
  }
}
