package dev.claviger.image.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.CredentialProvider;
import dev.claviger.image.oci.RegistryCredentials;
import dev.claviger.image.oci.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP exchanges with a registry: scheme choice (https unless the host is marked insecure),
 * authentication (anonymous, Basic, Bearer token flow with a per-scope cache), and redirects
 * (followed by hand so that credentials never leave the registry's origin and https never
 * downgrades to http). Thread-safe.
 */
public final class RegistryTransport {
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_TOKEN_BODY = 256 * 1024;
  private static final long DEFAULT_TOKEN_SECONDS = 60;
  private static final long TOKEN_EARLY_SECONDS = 5;

  /** Re-creatable request body: called again when a request is retried after a challenge. */
  @FunctionalInterface
  public interface BodySource {
    HttpRequest.BodyPublisher open() throws IOException;
  }

  /** One logical request; {@code scopes} are the token scopes it needs. */
  public record Request(String method, URI uri, String registry, String repository,
      List<String> scopes, Map<String, String> headers, BodySource body) {
    public Request {
      headers = Map.copyOf(headers);
      scopes = List.copyOf(scopes);
    }
  }

  private enum Scheme { UNKNOWN, BASIC, BEARER }

  private record Token(String value, Instant expires) {}

  private static final class State {
    volatile Scheme scheme = Scheme.UNKNOWN;
    volatile Challenge bearer;
    final Map<String, Token> tokens = new ConcurrentHashMap<>();
  }

  private final HttpClient http;
  private final Set<String> insecureHosts;
  private final CredentialProvider credentials;
  private final Clock clock;
  private final Duration timeout;
  private final String userAgent;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public RegistryTransport(HttpClient http, Set<String> insecureHosts,
      CredentialProvider credentials, Clock clock, Duration timeout, String userAgent) {
    this.http = Objects.requireNonNull(http, "http");
    this.insecureHosts = Set.copyOf(insecureHosts);
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
  }

  /** {@code http://host} for hosts explicitly marked insecure, {@code https://host} otherwise. */
  public URI base(String registryHost) {
    return URI.create((insecureHosts.contains(registryHost) ? "http://" : "https://")
        + registryHost);
  }

  /**
   * Sends the request, answering one authentication challenge if the registry issues it. The
   * caller owns (and must close) the response body; a second 401 becomes a RegistryException.
   */
  public HttpResponse<InputStream> send(Request req) throws IOException {
    State st = states.computeIfAbsent(req.registry(), k -> new State());
    HttpResponse<InputStream> resp = exchange(req, authorization(st, req));
    if (resp.statusCode() != 401) {
      return resp;
    }
    List<Challenge> challenges =
        Challenge.parse(resp.headers().allValues("WWW-Authenticate"));
    byte[] body = Bodies.readErrorBody(resp.body());
    if (!answer(st, req, challenges)) {
      throw new RegistryException(req.method() + " " + req.uri().getPath() + " unauthorized",
          401, Bodies.errors(401, body));
    }
    resp = exchange(req, authorization(st, req));
    if (resp.statusCode() == 401) {
      byte[] again = Bodies.readErrorBody(resp.body());
      throw new RegistryException(req.method() + " " + req.uri().getPath()
          + " still unauthorized after authenticating", 401, Bodies.errors(401, again));
    }
    return resp;
  }

  private HttpResponse<InputStream> exchange(Request req, String auth) throws IOException {
    URI uri = req.uri();
    URI origin = req.uri();
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("User-Agent", userAgent);
      if ("http".equals(uri.getScheme())) {
        b.version(HttpClient.Version.HTTP_1_1);
      }
      req.headers().forEach(b::header);
      if (auth != null && sameOrigin(origin, uri)) {
        b.header("Authorization", auth);
      }
      b.method(req.method(), hop == 0 && req.body() != null ? req.body().open()
          : HttpRequest.BodyPublishers.noBody());
      HttpResponse<InputStream> resp = call(b.build());
      int s = resp.statusCode();
      boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
      boolean safe = req.method().equals("GET") || req.method().equals("HEAD");
      if (!redirect || !safe) {
        return resp;
      }
      Optional<String> loc = resp.headers().firstValue("Location");
      Bodies.readErrorBody(resp.body());
      if (loc.isEmpty() || hop >= MAX_REDIRECTS) {
        throw new RegistryException("redirect without Location or too many redirects for "
            + req.uri().getPath(), s, List.of());
      }
      URI next = uri.resolve(loc.get());
      if ("https".equals(uri.getScheme()) && !"https".equals(next.getScheme())) {
        throw new RegistryException("refusing redirect from https to " + next.getScheme(), s,
            List.of());
      }
      uri = next;
    }
  }

  private HttpResponse<InputStream> call(HttpRequest r) throws IOException {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + r.method() + " " + r.uri(), e);
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
  }

  private Optional<RegistryCredentials> creds(Request req) {
    return credentials.credentialsFor(req.registry(), req.repository());
  }

  private String authorization(State st, Request req) throws IOException {
    return switch (st.scheme) {
      case UNKNOWN -> null;
      case BASIC -> creds(req).map(RegistryCredentials::basicAuthorization).orElse(null);
      case BEARER -> "Bearer " + token(st, req, false);
    };
  }

  /** Decides how to answer a 401; false when we cannot (no usable scheme or no credentials). */
  private boolean answer(State st, Request req, List<Challenge> challenges) throws IOException {
    Optional<Challenge> bearer = challenges.stream()
        .filter(c -> c.scheme().equals("bearer")).findFirst();
    if (bearer.isPresent()) {
      boolean hadToken = st.scheme == Scheme.BEARER;
      st.bearer = bearer.get();
      st.scheme = Scheme.BEARER;
      token(st, req, hadToken);
      return true;
    }
    boolean basic = challenges.stream().anyMatch(c -> c.scheme().equals("basic"));
    if (basic && st.scheme != Scheme.BASIC && creds(req).isPresent()) {
      st.scheme = Scheme.BASIC;
      return true;
    }
    return false;
  }

  private String token(State st, Request req, boolean refresh) throws IOException {
    TreeSet<String> scopes = new TreeSet<>(req.scopes());
    Challenge ch = st.bearer;
    String extra = ch.param("scope");
    if (!extra.isEmpty()) {
      scopes.addAll(List.of(extra.split(" ")));
    }
    String key = String.join(" ", scopes);
    Token t = st.tokens.get(key);
    if (!refresh && t != null && clock.instant().isBefore(t.expires())) {
      return t.value();
    }
    Token fresh = fetchToken(ch, scopes, req);
    st.tokens.put(key, fresh);
    return fresh.value();
  }

  private Token fetchToken(Challenge ch, Set<String> scopes, Request req) throws IOException {
    URI realm = realm(ch.param("realm"));
    StringBuilder q = new StringBuilder();
    if (!ch.param("service").isEmpty()) {
      q.append("service=").append(enc(ch.param("service")));
    }
    for (String s : scopes) {
      q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
    }
    URI uri = URI.create(realm + (q.isEmpty() ? "" : (realm.getRawQuery() == null ? "?" : "&") + q));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("User-Agent", userAgent);
    if ("http".equals(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    creds(req).ifPresent(c -> b.header("Authorization", c.basicAuthorization()));
    HttpResponse<InputStream> resp = call(b.build());
    if (resp.statusCode() != 200) {
      byte[] body = Bodies.readErrorBody(resp.body());
      throw new RegistryException("token request to " + realm.getHost() + " failed",
          resp.statusCode(), Bodies.errors(resp.statusCode(), body));
    }
    byte[] body = Bodies.readBounded(resp.body(), MAX_TOKEN_BODY, "token response");
    try {
      JsonNode n = Json.parse(body);
      String token = n.path("token").asText("");
      if (token.isEmpty()) {
        token = n.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new IOException("token response from " + realm.getHost() + " has no token");
      }
      long secs = n.path("expires_in").canConvertToLong() ? n.path("expires_in").asLong()
          : DEFAULT_TOKEN_SECONDS;
      // the spec makes 60 s the minimum a client should assume
      secs = Math.max(secs, DEFAULT_TOKEN_SECONDS);
      return new Token(token, clock.instant().plusSeconds(secs - TOKEN_EARLY_SECONDS));
    } catch (MalformedInputException e) {
      throw new IOException("malformed token response from " + realm.getHost(), e);
    }
  }

  /** Credentials go to the realm, so it must be https unless that host is marked insecure. */
  private URI realm(String realm) throws IOException {
    URI u;
    try {
      u = new URI(realm);
    } catch (java.net.URISyntaxException e) {
      throw new IOException("malformed token realm in challenge: " + realm, e);
    }
    if (u.getHost() == null) {
      throw new IOException("token realm has no host: " + realm);
    }
    String authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    boolean ok = "https".equals(u.getScheme())
        || ("http".equals(u.getScheme()) && insecureHosts.contains(authority));
    if (!ok) {
      throw new IOException("refusing token realm " + realm
          + " (https required unless the host is marked insecure)");
    }
    return u;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
