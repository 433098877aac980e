package dev.claviger.image.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A reverse-proxy double in front of a real registry (JDK HttpServer on 127.0.0.1, port 0). It
 * forwards every request and can (a) demand Bearer tokens, acting as its own token server at
 * {@code /token} (a distribution-spec token realm: Basic credentials in, {@code {"token",
 * "expires_in"}} out), and (b) tamper with response bodies to prove that clients check digests.
 * Location headers are rewritten to point back at the proxy. Bodies are buffered (tests only).
 */
public final class RegistryProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("host", "connection", "content-length",
      "transfer-encoding", "upgrade", "keep-alive", "expect", "te", "trailer");

  private final HttpServer server;
  private final ExecutorService pool;
  private final String upstream;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger tampered = new AtomicInteger();
  private volatile String user;
  private volatile String password;
  private volatile long expiresIn = 300;
  private volatile BiFunction<HttpExchange, byte[], byte[]> tamper;

  private RegistryProxy(String upstreamHost) throws IOException {
    this.upstream = "http://" + upstreamHost;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A transparent proxy for the registry at {@code upstreamHost} (host:port). */
  public static RegistryProxy forward(String upstreamHost) throws IOException {
    return new RegistryProxy(upstreamHost);
  }

  /**
   * Requires Bearer tokens on /v2/ (except the anonymous ping challenge), issued by /token to
   * exactly this user and password, valid {@code expiresInSeconds} as stated in the response.
   */
  public RegistryProxy requireBearer(String user, String password, long expiresInSeconds) {
    this.user = user;
    this.password = password;
    this.expiresIn = expiresInSeconds;
    return this;
  }

  /** Rewrites response bodies: {@code (exchange, body) -> new body} (return body to keep it). */
  public RegistryProxy tamper(BiFunction<HttpExchange, byte[], byte[]> f) {
    this.tamper = f;
    return this;
  }

  /** Flips the first byte of every GET response whose path contains {@code pathPart}. */
  public RegistryProxy flipFirstByte(String pathPart) {
    return tamper((ex, body) -> {
      if (ex.getRequestMethod().equals("GET") && ex.getRequestURI().getPath().contains(pathPart)
          && body.length > 0) {
        byte[] b = body.clone();
        b[0] ^= 0x01;
        tampered.incrementAndGet();
        return b;
      }
      return body;
    });
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Each token request's query string, in order. */
  public List<String> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  /** Each proxied request as "METHOD path?query". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public int tamperedCount() {
    return tampered.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (ex.getRequestURI().getPath().equals("/token")) {
        issueToken(ex);
        return;
      }
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      if (user != null && !authorized(ex)) {
        String scope = scopeFor(ex);
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
            + "/token\",service=\"claviger-test\"" + (scope.isEmpty() ? "" : ",scope=\"" + scope
            + "\""));
        send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token required\"}]}"
            .getBytes(StandardCharsets.UTF_8), "application/json");
        return;
      }
      forward(ex);
    } catch (IOException | RuntimeException e) {
      send(ex, 502, ("proxy: " + e).getBytes(StandardCharsets.UTF_8), "text/plain");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String scopeFor(HttpExchange ex) {
    String p = ex.getRequestURI().getPath();
    for (String marker : List.of("/manifests/", "/blobs/", "/tags/")) {
      int i = p.indexOf(marker);
      if (p.startsWith("/v2/") && i > 4) {
        String action = ex.getRequestMethod().matches("GET|HEAD") ? "pull" : "pull,push";
        return "repository:" + p.substring(4, i) + ":" + action;
      }
    }
    return "";
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return false;
    }
    String granted = tokens.get(h.substring(7));
    if (granted == null) {
      return false;
    }
    String need = scopeFor(ex);
    return need.isEmpty() || List.of(granted.split(" ")).stream().anyMatch(g -> covers(g, need));
  }

  private static boolean covers(String granted, String need) {
    if (granted.equals(need)) {
      return true;
    }
    return need.endsWith(":pull") && granted.equals(need.replace(":pull", ":pull,push"));
  }

  private void issueToken(HttpExchange ex) throws IOException {
    String q = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    tokenRequests.add(java.net.URLDecoder.decode(q, StandardCharsets.UTF_8));
    String h = ex.getRequestHeaders().getFirst("Authorization");
    String want = "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    if (user == null || !want.equals(h)) {
      send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
          .getBytes(StandardCharsets.UTF_8), "application/json");
      return;
    }
    StringBuilder scopes = new StringBuilder();
    for (String kv : q.split("&")) {
      if (kv.startsWith("scope=")) {
        scopes.append(scopes.isEmpty() ? "" : " ")
            .append(java.net.URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
      }
    }
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokens.put(token, scopes.toString());
    send(ex, 200, ("{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}")
        .getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private void forward(HttpExchange ex) throws IOException, InterruptedException {
    byte[] reqBody;
    try (InputStream in = ex.getRequestBody()) {
      reqBody = in.readAllBytes();
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
        .method(ex.getRequestMethod(), reqBody.length == 0 && !ex.getRequestMethod().equals("PUT")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(reqBody));
    ex.getRequestHeaders().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.equalsIgnoreCase("Authorization")
          && !k.equalsIgnoreCase("Date") && !k.equalsIgnoreCase("Via")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = r.body();
    BiFunction<HttpExchange, byte[], byte[]> t = tamper;
    if (t != null) {
      body = t.apply(ex, body);
    }
    r.headers().map().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.equals(":status")) {
        vs.forEach(v -> ex.getResponseHeaders().add(k,
            k.equalsIgnoreCase("Location") ? v.replace(upstream, "http://" + host()) : v));
      }
    });
    if (ex.getRequestMethod().equals("HEAD")) {
      r.headers().firstValue("Content-Length").ifPresent(
          v -> ex.getResponseHeaders().set("Content-Length", v));
      ex.sendResponseHeaders(r.statusCode(), -1);
      return;
    }
    send(ex, r.statusCode(), body, null);
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    if (type != null) {
      ex.getResponseHeaders().set("Content-Type", type);
    }
    boolean empty = body.length == 0 || status == 204 || status == 304
        || ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
