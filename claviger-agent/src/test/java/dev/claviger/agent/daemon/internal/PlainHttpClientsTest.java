package dev.claviger.agent.daemon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainHttpClientsTest {
  @Test
  void create_sameSettingsAsKbsClient() {
    HttpClient client = PlainHttpClients.create();

    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(client.connectTimeout()).contains(Duration.ofSeconds(10));
    assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
    assertThat(client.executor()).isPresent();
  }

  @Test
  void sslContext_everyUseRefused() {
    HttpClient client = PlainHttpClients.create();

    assertThatThrownBy(() -> client.sslContext().createSSLEngine()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> client.sslContext().getSocketFactory()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> client.sslContext().init(null, null, null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void httpsRequest_refusedAtTlsNotSentInClear() throws Exception {
    HttpClient client = PlainHttpClients.create();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/"))
          .timeout(Duration.ofSeconds(10)).build();

      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
          .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains("TLS is disabled")));
    }
  }

  private static List<String> causes(Throwable t) {
    List<String> messages = new ArrayList<>();
    for (Throwable c = t; c != null && messages.size() < 10; c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
    }
    return messages;
  }
}
