package dev.claviger.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.RetryPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KbsHttpTest {
  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Duration> sleeps = new ArrayList<>();
  private volatile int status = 200;
  private volatile byte[] body = new byte[0];

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      calls.incrementAndGet();
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private KbsHttp http(int attempts) {
    return new KbsHttp(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(40)), sleeps::add, Duration.ofSeconds(10));
  }

  @Test
  void exchange_plainTextError_detailIsTheText() {
    status = 401;
    body = "  session expired \n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> http(3).exchange("/kbs/v0/resource/a/b/c", null, Map.of(), 1024))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.REFUSED);
          assertThat(e.errorType()).isEmpty();
          assertThat(e.detail()).isEqualTo("session expired");
        });
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void exchange_emptyErrorBody_saysSo() {
    status = 404;

    assertThatThrownBy(() -> http(1).exchange("/x", null, Map.of(), 1024))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.status()).hasValue(404);
          assertThat(e.detail()).contains("no error detail");
        });
  }

  @Test
  void exchange_bodyOverLimit_isProtocolError() {
    body = new byte[2048];

    assertThatThrownBy(() -> http(1).exchange("/x", null, Map.of(), 1024))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROTOCOL));
  }

  @Test
  void exchange_5xxThenGiveUp_backoffDoublesAndCaps() {
    status = 502;

    assertThatThrownBy(() -> http(4).exchange("/x", "{}".getBytes(StandardCharsets.UTF_8), Map.of(), 1024))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
    assertThat(calls).hasValue(4);
    assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void exchange_ok_returnsBodyAndCookies() throws Exception {
    body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    KbsHttp.Reply reply = http(1).exchange("/x", null, Map.of("Cookie", "kbs-session-id=x"), 1024);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(body);
  }

  @Test
  void constructor_nonHttpScheme_throws() {
    assertThatThrownBy(() -> new KbsHttp(HttpClient.newHttpClient(), URI.create("file:///tmp"), RetryPolicy.none(),
        Sleeper.REAL, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
