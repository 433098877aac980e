package dev.claviger.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A load balancer with no affinity: request n goes to backend n mod k. Forwards only the headers
 * the KBS protocol uses, so a session can only survive through what the client itself carries.
 */
final class RoundRobinProxy implements AutoCloseable {
  private static final List<String> REQUEST_HEADERS = List.of("Cookie", "Authorization", "Content-Type");
  private static final List<String> RESPONSE_HEADERS = List.of("Set-Cookie", "Content-Type");
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<URI> backends;
  private final AtomicInteger next = new AtomicInteger();
  final AtomicIntegerArray served;

  RoundRobinProxy(List<URI> backends) throws IOException {
    this.backends = List.copyOf(backends);
    this.served = new AtomicIntegerArray(backends.size());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange ex) throws IOException {
    int i = Math.floorMod(next.getAndIncrement(), backends.size());
    served.incrementAndGet(i);
    try (ex) {
      HttpRequest.Builder request = HttpRequest.newBuilder(backends.get(i).resolve(ex.getRequestURI().toString()))
          .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
      for (String h : REQUEST_HEADERS) {
        String value = ex.getRequestHeaders().getFirst(h);
        if (value != null) {
          request.header(h, value);
        }
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      for (String h : RESPONSE_HEADERS) {
        response.headers().allValues(h).forEach(v -> ex.getResponseHeaders().add(h, v));
      }
      byte[] body = response.body();
      ex.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
