package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal AMD KDS client for VCEKs, with a cache and rate-limit back-off. KDS allows about one
 * request per 10 s per client address and answers 429 with {@code Retry-After} beyond that, so
 * requests are serialised, spaced by {@code minInterval}, and after a 429/503 no request is sent
 * until the server's (or a doubling) back-off has passed; a verification that would have to wait
 * longer than {@code maxWait} fails with {@link EvidenceException} instead of blocking.
 *
 * <p>VCEKs are immutable for a (chip, TCB) pair, so successful answers are cached for the life of
 * the client (bounded). Thread-safe.
 */
public final class KdsClient {
  /** AMD's production KDS. */
  public static final URI PRODUCTION = URI.create("https://kdsintf.amd.com");
  static final int MAX_BODY = 64 * 1024;
  private static final int CACHE_LIMIT = 4096;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final URI base;
  private final HttpClient http;
  private final Clock clock;
  private final Duration minInterval;
  private final Duration maxWait;
  private final Map<URI, byte[]> cache = new ConcurrentHashMap<>();
  private Instant nextAllowed = Instant.MIN;
  private Duration backoff;

  /**
   * @param base KDS base URL (no trailing slash needed)
   * @param clock time source for spacing and back-off
   * @param minInterval spacing between requests (10 s for AMD's KDS)
   * @param maxWait the longest a caller waits for its turn; longer waits fail
   */
  public KdsClient(URI base, HttpClient http, Clock clock, Duration minInterval, Duration maxWait) {
    this.base = Objects.requireNonNull(base, "base");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    this.backoff = minInterval;
  }

  /** AMD's KDS, 10 s spacing, callers wait at most 10 s. */
  public static KdsClient production() {
    return new KdsClient(PRODUCTION, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build(), Clock.systemUTC(),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  /**
   * GETs {@code pathAndQuery} below the base URL.
   *
   * @return the body, or empty when KDS has no such certificate (404)
   * @throws EvidenceException rate limited, unreachable, or an unexpected answer
   */
  public Optional<byte[]> get(String pathAndQuery) throws EvidenceException {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
    byte[] hit = cache.get(uri);
    if (hit != null) {
      return Optional.of(hit.clone());
    }
    synchronized (this) {
      hit = cache.get(uri);
      if (hit != null) {
        return Optional.of(hit.clone());
      }
      awaitTurn();
      return fetch(uri);
    }
  }

  private void awaitTurn() throws EvidenceException {
    Duration wait = Duration.between(clock.instant(), nextAllowed);
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    if (wait.compareTo(maxWait) > 0) {
      throw new EvidenceException("AMD KDS is rate limiting; next request allowed at " + nextAllowed);
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvidenceException("interrupted while waiting for AMD KDS", e);
    }
  }

  private Optional<byte[]> fetch(URI uri) throws EvidenceException {
    HttpResponse<InputStream> rsp;
    try {
      rsp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      nextAllowed = clock.instant().plus(minInterval);
      throw new EvidenceException("AMD KDS unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvidenceException("interrupted while calling AMD KDS", e);
    }
    int status = rsp.statusCode();
    try (InputStream body = rsp.body()) {
      if (status == 429 || status == 503) {
        backOff(rsp.headers().firstValue("Retry-After"));
        throw new EvidenceException("AMD KDS answered " + status + "; next request allowed at " + nextAllowed);
      }
      nextAllowed = clock.instant().plus(minInterval);
      backoff = minInterval;
      if (status == 404) {
        return Optional.empty();
      }
      if (status != 200) {
        throw new EvidenceException("AMD KDS answered " + status + " for " + uri.getPath());
      }
      byte[] data = body.readNBytes(MAX_BODY + 1);
      if (data.length > MAX_BODY) {
        throw new EvidenceException("AMD KDS answer larger than " + MAX_BODY + " bytes");
      }
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(uri, data.clone());
      return Optional.of(data);
    } catch (IOException e) {
      throw new EvidenceException("cannot read AMD KDS answer: " + e.getMessage(), e);
    }
  }

  private void backOff(Optional<String> retryAfter) {
    Duration d = backoff.multipliedBy(2);
    if (retryAfter.isPresent() && retryAfter.get().matches("\\d{1,6}")) {
      d = Duration.ofSeconds(Long.parseLong(retryAfter.get()));
    }
    d = d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    backoff = d.isZero() ? Duration.ofSeconds(1) : d;
    nextAllowed = clock.instant().plus(backoff);
  }
}
