package dev.claviger.agent.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local REST API, compatible with upstream api-server-rest: {@code GET /info},
 * {@code /aa/token}, {@code /aa/evidence}, {@code /aa/additional-evidence}, {@code POST /aa/aael},
 * {@code GET /cdh/resource/<repo>/<type>/<tag>}. Peers that are not loopback get 403 whatever the
 * bind address. Built on the JDK's {@code com.sun.net.httpserver} with one virtual thread per
 * request: the daemon stays small (no Jetty) and a slow KBS round-trip blocks nothing else.
 */
public final class AgentApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentApiServer.class);
  /** Upstream's default bind address. */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 8006);

  private final HttpServer server;
  private final ExecutorService executor;

  private AgentApiServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving. A backend of a disabled feature is never called and may be null.
   *
   * @param version the {@code version} reported by {@code /info}
   */
  public static AgentApiServer start(InetSocketAddress listen, Feature feature, String version,
      AttestationAgent aa, ResourceProvider cdh) throws IOException {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(feature, "feature");
    if (feature.attestationEnabled()) {
      Objects.requireNonNull(aa, "attestation feature needs an AttestationAgent");
    }
    if (feature.resourceEnabled()) {
      Objects.requireNonNull(cdh, "resource feature needs a ResourceProvider");
    }
    ApiRouter router = new ApiRouter(feature, Objects.requireNonNull(version, "version"), aa, cdh);
    HttpServer server = HttpServer.create(listen, 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(router, exchange));
    server.start();
    LOG.info("agent API listening on {} with features {}", server.getAddress(), feature.wireName());
    return new AgentApiServer(server, executor);
  }

  /** The bound address (the real port when started on port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(ApiRouter router, HttpExchange exchange) {
    ApiResponse response = null;
    try (exchange) {
      response = router.route(exchange.getRemoteAddress(), exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
          max -> readBounded(exchange.getRequestBody(), max));
      send(exchange, response);
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    } catch (RuntimeException e) {
      // Never a stack trace to the caller; the log gets the class only, as messages may echo input.
      LOG.error("unexpected {} while serving {}", e.getClass().getName(), exchange.getRequestURI().getRawPath());
    } finally {
      if (response != null) {
        response.wipe();
      }
    }
  }

  private static Optional<byte[]> readBounded(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    return bytes.length > max ? Optional.empty() : Optional.of(bytes);
  }

  private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops accepting, gives running requests a second to finish, then stops the executor. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "AgentApiServer[" + server.getAddress() + "]";
  }
}
