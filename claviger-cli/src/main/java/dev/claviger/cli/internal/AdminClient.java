package dev.claviger.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The KBS admin API over HTTP with {@code Authorization: Bearer <admin token>}. No retries: an
 * operator runs these by hand or from a script that decides itself.
 */
public final class AdminClient {
  private static final int MAX_RESPONSE = 4 << 20;
  private final HttpClient http;
  private final String base;
  private final String token;

  /** @param tls the TLS context for an HTTPS KBS with private roots; empty = JDK defaults */
  public AdminClient(URI url, String token, java.util.Optional<javax.net.ssl.SSLContext> tls) {
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("--url must be http or https: " + url);
    }
    String text = url.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.token = Objects.requireNonNull(token, "token");
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10));
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  public byte[] post(String path, String contentType, byte[] body) throws KbsClientException {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  public byte[] get(String path) throws KbsClientException {
    return send(request(path).GET().build());
  }

  public byte[] delete(String path) throws KbsClientException {
    return send(request(path).DELETE().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  private byte[] send(HttpRequest request) throws KbsClientException {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_RESPONSE);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return body;
      }
      throw refusal(status, body);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw KbsClientException.of(Reason.TRANSPORT, "cannot connect to " + base, e);
    } catch (IOException e) {
      throw KbsClientException.of(Reason.TRANSPORT, "I/O error talking to " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KbsClientException.of(Reason.TRANSPORT, "interrupted", e);
    }
  }

  static KbsClientException refusal(int status, byte[] body) {
    String type = null;
    String detail = null;
    try {
      JsonNode node = Json.parse(body);
      if (node.isObject()) {
        type = node.path("type").isTextual() ? node.get("type").asText() : null;
        detail = node.path("detail").isTextual() ? node.get("detail").asText() : null;
      }
    } catch (MalformedInputException e) {
      // Plain-text or empty error body: fall through to the raw text.
    }
    if (detail == null) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      detail = text.isEmpty() ? "HTTP " + status + " with no error detail" : text.substring(0, Math.min(text.length(), 2000));
    }
    return new KbsClientException(status >= 500 ? Reason.SERVER_ERROR : Reason.REFUSED, status, type, detail, null);
  }
}
