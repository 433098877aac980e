package dev.claviger.kbs.internal.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import dev.claviger.kbs.internal.json.KbsJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;

/**
 * Loads a trusted JWKS from {@code file://}, an {@code https://} JWKS document, or an OpenID
 * issuer ({@code /.well-known/openid-configuration} then {@code jwks_uri}). Results are cached
 * for five minutes, so a key rotation at the issuer is picked up without a restart.
 */
public final class JwksSource {
  private static final int MAX_BYTES = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Cache<URI, JWKSet> cache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(64).build();

  public JwksSource(HttpClient http) {
    this.http = http;
  }

  public Optional<JWKSet> load(URI uri) {
    JWKSet cached = cache.getIfPresent(uri);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      JWKSet set = fetch(uri);
      cache.put(uri, set);
      return Optional.of(set);
    } catch (IOException | ParseException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private JWKSet fetch(URI uri) throws IOException, ParseException, InterruptedException {
    if ("file".equals(uri.getScheme())) {
      Path p = Path.of(uri);
      if (Files.size(p) > MAX_BYTES) {
        throw new IOException("JWKS file too large");
      }
      return JWKSet.parse(Files.readString(p));
    }
    JsonNode doc = tryJson(uri);
    if (doc != null && doc.has("keys")) {
      return JWKSet.parse(doc.toString());
    }
    JsonNode oidc = doc != null && doc.has("jwks_uri") ? doc
        : KbsJson.mapper().readTree(get(URI.create(stripSlash(uri.toString()) + "/.well-known/openid-configuration")));
    JsonNode jwksUri = oidc.get("jwks_uri");
    if (jwksUri == null || !jwksUri.isTextual() || !jwksUri.textValue().startsWith("https://")) {
      throw new IOException("no https jwks_uri in OpenID configuration");
    }
    return JWKSet.parse(new String(get(URI.create(jwksUri.textValue())), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The document at {@code uri} if it is JSON; null when it is not (an issuer's HTML home page). */
  private JsonNode tryJson(URI uri) throws InterruptedException {
    try {
      return KbsJson.mapper().readTree(get(uri));
    } catch (IOException e) {
      return null;
    }
  }

  private byte[] get(URI uri) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        throw new IOException("HTTP " + resp.statusCode() + " from " + uri);
      }
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw new IOException("response too large from " + uri);
      }
      return body;
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
