package dev.claviger.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The REST API over a real socket on port 0. */
class AgentApiServerTest {
  private final FakeBackends.Agent agent = new FakeBackends.Agent();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final ResourceProvider cdh = FakeBackends.resources(
      Map.of("kbs:///default/key/one", "one".getBytes(StandardCharsets.UTF_8)), calls);
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String host, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_loopbackPort0_servesInfoResourceAndEvidence() throws Exception {
    server = AgentApiServer.start(new InetSocketAddress("127.0.0.1", 0), Feature.ALL, "0.1.0", agent, cdh);

    HttpResponse<String> info = get("127.0.0.1", "/info");
    HttpResponse<String> resource = get("127.0.0.1", "/cdh/resource/default/key/one");
    HttpResponse<String> evidence = get("127.0.0.1", "/aa/evidence?runtime_data=abc");

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).isEqualTo("{\"version\":\"0.1.0\",\"tee\":\"sample\",\"feature\":\"all\"}");
    assertThat(resource.statusCode()).isEqualTo(200);
    assertThat(resource.headers().firstValue("content-type")).hasValue("application/octet-stream");
    assertThat(resource.body()).isEqualTo("one");
    assertThat(evidence.body()).isEqualTo("{\"svn\":\"1\",\"report_data\":\"YWJj\"}");
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void aael_postOverRealSocket_notEnabled() throws Exception {
    server = AgentApiServer.start(new InetSocketAddress("127.0.0.1", 0), Feature.ATTESTATION, "0.1.0", agent, null);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/aa/aael"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"d\",\"operation\":\"o\",\"content\":\"c\"}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"success\":\"false\"");
  }

  @Test
  void aael_bodyOverLimit_500WithoutReadingAll() throws Exception {
    server = AgentApiServer.start(new InetSocketAddress("127.0.0.1", 0), Feature.ATTESTATION, "0.1.0", agent, null);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/aa/aael"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[ApiRouter.MAX_BODY_BYTES + 10])).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(agent.aael).isEmpty();
  }

  @Test
  void start_wildcardBind_nonLoopbackPeerGets403() throws Exception {
    Optional<InetAddress> external = nonLoopbackIpv4();
    Assumptions.assumeTrue(external.isPresent(), "no non-loopback IPv4 interface to connect from");
    server = AgentApiServer.start(new InetSocketAddress("0.0.0.0", 0), Feature.ALL, "0.1.0", agent, cdh);

    HttpResponse<String> remote = get(external.get().getHostAddress(), "/cdh/resource/default/key/one");
    HttpResponse<String> local = get("127.0.0.1", "/cdh/resource/default/key/one");

    assertThat(remote.statusCode()).isEqualTo(403);
    assertThat(remote.body()).isEqualTo("Forbidden");
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(calls).hasSize(1);
  }

  @Test
  void start_resourceFeatureWithoutProvider_throws() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> AgentApiServer.start(new InetSocketAddress("127.0.0.1", 0), Feature.RESOURCE, "0.1.0", agent, null))
        .isInstanceOf(NullPointerException.class);
  }

  private static Optional<InetAddress> nonLoopbackIpv4() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
