package dev.claviger.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.RetryPolicy;
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
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KBS base URL over the JDK {@link HttpClient}: bounded bodies, bounded retries on connection
 * failures and 5xx only, and problem-body parsing into {@link KbsClientException}.
 */
public final class KbsHttp {
  private static final Logger LOG = LoggerFactory.getLogger(KbsHttp.class);
  /** Error bodies are short texts; anything longer is cut before parsing. */
  static final int MAX_ERROR_BODY = 64 * 1024;
  private static final String USER_AGENT = "claviger-agent/0.1";

  /** A 2xx answer. */
  public record Reply(int status, byte[] body, List<String> setCookies) {}

  private final HttpClient client;
  private final String base;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Duration timeout;

  public KbsHttp(HttpClient client, URI base, RetryPolicy retry, Sleeper sleeper, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    String text = Objects.requireNonNull(base, "base").toString();
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new IllegalArgumentException("KBS URL must be http or https: " + text);
    }
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  public String base() {
    return base;
  }

  /**
   * Sends one request, retrying per the policy. {@code body} null means GET, else POST JSON.
   *
   * @throws KbsClientException REFUSED for 4xx, SERVER_ERROR for 5xx after the last attempt,
   *     TRANSPORT when the server could not be reached, PROTOCOL when the body exceeds {@code maxBody}
   */
  public Reply exchange(String path, byte[] body, Map<String, String> headers, int maxBody)
      throws KbsClientException {
    HttpRequest request = build(path, body, headers);
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= retry.maxAttempts();
      try {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          byte[] bytes = readBounded(response.body(), maxBody, path);
          return new Reply(status, bytes, response.headers().allValues("set-cookie"));
        }
        byte[] errorBody = readTruncated(response.body());
        if (status < 500 || last) {
          throw refusal(status, errorBody);
        }
        LOG.warn("KBS {} answered {} (attempt {}/{})", path, status, attempt, retry.maxAttempts());
      } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
        if (last) {
          throw KbsClientException.of(Reason.TRANSPORT,
              "cannot connect to " + base + " after " + attempt + " attempt(s): " + describe(e), e);
        }
        LOG.warn("cannot connect to {} (attempt {}/{}): {}", base, attempt, retry.maxAttempts(), describe(e));
      } catch (IOException e) {
        throw KbsClientException.of(Reason.TRANSPORT, "I/O error talking to " + base + path + ": " + describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KbsClientException.of(Reason.TRANSPORT, "interrupted while talking to " + base, e);
      }
      pause(attempt);
    }
  }

  private HttpRequest build(String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("User-Agent", USER_AGENT);
    headers.forEach(builder::header);
    if (body == null) {
      builder.GET();
    } else {
      builder.header("Content-Type", "application/json");
      builder.POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return builder.build();
  }

  private void pause(int attempt) throws KbsClientException {
    try {
      sleeper.sleep(retry.backoffAfter(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KbsClientException.of(Reason.TRANSPORT, "interrupted while waiting to retry " + base, e);
    }
  }

  private static byte[] readBounded(InputStream in, int max, String path) throws IOException, KbsClientException {
    try (in) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw KbsClientException.of(Reason.PROTOCOL, "response to " + path + " exceeds " + max + " bytes");
      }
      return bytes;
    }
  }

  private static byte[] readTruncated(InputStream in) throws IOException {
    try (in) {
      return in.readNBytes(MAX_ERROR_BODY);
    }
  }

  /** Turns an error answer into an exception carrying the server's {type, detail} when present. */
  static KbsClientException refusal(int status, byte[] body) {
    Reason reason = status >= 500 ? Reason.SERVER_ERROR : Reason.REFUSED;
    String type = null;
    String detail = null;
    try {
      JsonNode node = Json.parse(body);
      if (node.isObject()) {
        type = textOrNull(node.get("type"));
        detail = textOrNull(node.get("detail"));
      }
    } catch (MalformedInputException e) {
      // Not a problem body; the raw text (if any) is the best description we have.
    }
    if (detail == null) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      detail = text.isEmpty() ? "no error detail in response" : abbreviate(text);
    }
    return new KbsClientException(reason, status, type, detail, null);
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? abbreviate(node.asText()) : null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
