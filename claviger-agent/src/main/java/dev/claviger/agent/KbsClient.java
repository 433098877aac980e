package dev.claviger.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.internal.KbsHttp;
import dev.claviger.agent.internal.RcarHandshake;
import dev.claviger.agent.internal.RcarHandshake.Session;
import dev.claviger.agent.internal.Sleeper;
import dev.claviger.agent.internal.TeeKeyPair;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import dev.claviger.core.SecretBytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * KBS protocol 0.4.0 client: attests with an {@link Attester} (RCAR) and fetches resources wrapped
 * to a TEE key pair that this client generates once and keeps for its lifetime.
 *
 * <p>Two ways of presenting the attestation result, as upstream:
 * <ul>
 *   <li>{@link Mode#COOKIE} (background check): the {@code kbs-session-id} cookie of an attested
 *       session is sent to the same KBS;
 *   <li>{@link Mode#BEARER} (passport): the EAR token from {@link Builder#issuer(URI)} (by default
 *       the same KBS) is sent as {@code Authorization: Bearer}, cached until its {@code exp}.
 * </ul>
 *
 * <p>Thread-safe: calls are serialised per client. Use one client per concurrent guest.
 */
public final class KbsClient {
  /** Resources above this are refused; KBS resources are keys and small configuration. */
  public static final int MAX_RESOURCE_BYTES = 16 * 1024 * 1024;
  private static final int MAX_RESOURCE_RESPONSE = MAX_RESOURCE_BYTES / 3 * 4 + 64 * 1024;
  private static final ObjectMapper RESOURCE_MAPPER = Json.mapper(new JsonLimits(
      MAX_RESOURCE_RESPONSE, 8, MAX_RESOURCE_RESPONSE, 64, 32, 64));
  /** Refresh a cached token this long before it expires, to absorb clock skew and latency. */
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(10);

  /** How the attestation result is presented when fetching a resource. */
  public enum Mode { COOKIE, BEARER }

  private final KbsHttp resourceHttp;
  private final KbsHttp issuerHttp;
  private final Mode mode;
  private final Attester attester;
  private final TeeKeySpec keySpec;
  private final SecureRandom random;
  private final TeeKeyPair key;
  private final Optional<InitData> initData;
  private final Clock clock;
  private Session session;

  private KbsClient(Builder b) {
    // Handshake and resource requests retry differently (upstream: 5 and 3 attempts), so even
    // a single KBS gets two instances sharing one HttpClient.
    this.resourceHttp = new KbsHttp(b.httpClient, b.url, b.resourceRetry, b.sleeper, b.timeout);
    this.issuerHttp = new KbsHttp(b.httpClient, b.issuer, b.rcarRetry, b.sleeper, b.timeout);
    this.mode = b.mode;
    this.attester = b.attester;
    this.keySpec = b.keySpec;
    this.random = b.random;
    this.key = TeeKeyPair.generate(b.keySpec, b.random);
    this.initData = b.initData;
    this.clock = b.clock;
  }

  public static Builder builder(URI url, Attester attester) {
    return new Builder(url, attester);
  }

  /** The tee-pubkey JWK this client binds into its evidence. */
  public ObjectNode teePublicJwk() {
    return key.publicJwk();
  }

  /** Runs a fresh RCAR handshake at the issuer and returns the token it issued. */
  public synchronized AttestationToken attest() throws KbsClientException {
    session = RcarHandshake.run(issuerHttp, attester, key, initData);
    return session.token();
  }

  /**
   * Upstream's {@code GetToken("kbs")}: a new RCAR at the issuer with a FRESH key pair, nothing
   * cached and this client's own session untouched. The result carries the private key, because
   * a token-mode caller (upstream's CDH) needs it to decrypt what the KBS wraps to that key; this
   * is the only place a TEE private key leaves the agent.
   */
  public TokenWithKey freshToken() throws KbsClientException {
    TeeKeyPair fresh = TeeKeyPair.generate(keySpec, random);
    Session freshSession = RcarHandshake.run(issuerHttp, attester, fresh, initData);
    return new TokenWithKey(freshSession.token(), fresh.privateKeyPem());
  }

  /**
   * A token and the PEM private key it is bound to (PKCS#8 for EC, PKCS#1 for RSA, as upstream).
   * {@link #toJson()} is upstream's {@code {"token":...,"tee_keypair":...}} reply body.
   */
  public record TokenWithKey(AttestationToken token, SecretBytes privateKeyPem) {
    public TokenWithKey {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    /**
     * The upstream reply JSON; a secret, since it holds the private key. Written byte by byte so
     * that no immutable String copy of the key is left behind.
     */
    public SecretBytes toJson() {
      byte[] jwt = token.jwt().getBytes(StandardCharsets.UTF_8);
      byte[] pem = privateKeyPem.toByteArray();
      var out = new java.io.ByteArrayOutputStream(jwt.length + pem.length * 2 + 32) {
        @Override
        public void close() {
          Arrays.fill(buf, (byte) 0);
        }
      };
      try {
        out.writeBytes("{\"token\":".getBytes(StandardCharsets.US_ASCII));
        writeJsonString(out, jwt);
        out.writeBytes(",\"tee_keypair\":".getBytes(StandardCharsets.US_ASCII));
        writeJsonString(out, pem);
        out.write('}');
        return SecretBytes.wrapOwned(out.toByteArray());
      } finally {
        Arrays.fill(pem, (byte) 0);
        out.close();
      }
    }

    /** A JSON string of UTF-8 bytes: quote, backslash and control characters escaped (RFC 8259 §7). */
    private static void writeJsonString(java.io.ByteArrayOutputStream out, byte[] utf8) {
      out.write('"');
      for (byte b : utf8) {
        if (b == '"' || b == '\\') {
          out.write('\\');
          out.write(b);
        } else if (b == '\n') {
          out.write('\\');
          out.write('n');
        } else if (b >= 0 && b < 0x20) {
          out.writeBytes(String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(b);
        }
      }
      out.write('"');
    }

    @Override
    public String toString() {
      return "TokenWithKey[" + token + ", private key redacted]";
    }
  }

  /** The cached token while it is valid for at least a few more seconds, else a fresh one. */
  public synchronized AttestationToken token() throws KbsClientException {
    if (session != null && session.token().usableAt(clock.instant(), TOKEN_MARGIN)) {
      return session.token();
    }
    return attest();
  }

  /**
   * Fetches and decrypts {@code GET /kbs/v0/resource/<path>}. Attests first when there is no
   * usable session or token; a 401 on a reused session or token triggers exactly one new
   * handshake, because the server may have expired it. A second refusal is final.
   *
   * @throws KbsClientException {@link Reason#REFUSED} with the server's error when attestation or
   *     the resource policy fails or the resource does not exist (the KBS answers 401 for all three)
   */
  public synchronized SecretBytes getResource(ResourcePath path) throws KbsClientException {
    Objects.requireNonNull(path, "path");
    boolean reused = session != null && (mode == Mode.COOKIE || session.token().usableAt(clock.instant(), TOKEN_MARGIN));
    if (!reused) {
      attest();
    }
    try {
      return fetch(path);
    } catch (KbsClientException e) {
      if (!reused || e.reason() != Reason.REFUSED || e.status().orElse(0) != 401) {
        throw e;
      }
      attest();
      return fetch(path);
    }
  }

  private SecretBytes fetch(ResourcePath path) throws KbsClientException {
    Map<String, String> credentials = mode == Mode.COOKIE
        ? Map.of("Cookie", RcarHandshake.COOKIE_NAME + "=" + session.cookie())
        : Map.of("Authorization", "Bearer " + session.token().jwt());
    KbsHttp.Reply reply = resourceHttp.exchange("/kbs/v0/resource/" + path, null, credentials, MAX_RESOURCE_RESPONSE);
    JsonNode response;
    try {
      response = Json.parse(RESOURCE_MAPPER, reply.body());
    } catch (MalformedInputException e) {
      throw KbsClientException.of(Reason.PROTOCOL, "resource response is not valid JSON: " + e.getMessage());
    }
    return key.decrypt(response);
  }

  @Override
  public String toString() {
    return "KbsClient[" + resourceHttp.base() + ", " + mode + ", " + attester.tee() + ", " + key.spec().cliName() + "]";
  }

  /** Builds a {@link KbsClient}; only the URL and attester are required. */
  public static final class Builder {
    private final URI url;
    private final Attester attester;
    private URI issuer;
    private Mode mode = Mode.COOKIE;
    private TeeKeySpec keySpec = TeeKeySpec.EC_P256;
    private Optional<InitData> initData = Optional.empty();
    private RetryPolicy rcarRetry = RetryPolicy.rcar();
    private RetryPolicy resourceRetry = RetryPolicy.resource();
    private Duration timeout = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private HttpClient httpClient;
    private TrustAnchors trustAnchors;
    private Sleeper sleeper = Sleeper.REAL;

    private Builder(URI url, Attester attester) {
      this.url = Objects.requireNonNull(url, "url");
      this.attester = Objects.requireNonNull(attester, "attester");
      this.issuer = url;
    }

    /** The KBS that runs RCAR and issues tokens (passport mode); defaults to the resource KBS. */
    public Builder issuer(URI issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder keySpec(TeeKeySpec keySpec) {
      this.keySpec = Objects.requireNonNull(keySpec, "keySpec");
      return this;
    }

    public Builder initData(InitData initData) {
      this.initData = Optional.of(initData);
      return this;
    }

    /** One policy for both the handshake and resource requests. */
    public Builder retryPolicy(RetryPolicy retry) {
      this.rcarRetry = Objects.requireNonNull(retry, "retry");
      this.resourceRetry = retry;
      return this;
    }

    /** Retries of {@code /auth} and {@code /attest}; default {@link RetryPolicy#rcar()}. */
    public Builder rcarRetryPolicy(RetryPolicy retry) {
      this.rcarRetry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** Retries of resource GETs; default {@link RetryPolicy#resource()}. */
    public Builder resourceRetryPolicy(RetryPolicy retry) {
      this.resourceRetry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** Per-request timeout (upstream uses 60 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Trust exactly these roots for an HTTPS KBS instead of the JDK's default trust store. */
    public Builder trustAnchors(TrustAnchors anchors) {
      this.trustAnchors = Objects.requireNonNull(anchors, "anchors");
      return this;
    }

    /** Share one {@link HttpClient} between many clients (connection pooling). */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** Replaces the back-off wait; for tests. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public KbsClient build() {
      if (mode == Mode.COOKIE && !issuer.equals(url)) {
        throw new IllegalStateException("a separate issuer needs Mode.BEARER: a session cookie is valid only at its own KBS");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      if (httpClient != null && trustAnchors != null) {
        throw new IllegalStateException("set trust anchors on the shared HttpClient's SSLContext instead");
      }
      if (httpClient == null) {
        HttpClient.Builder http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
        try {
          if (trustAnchors != null) {
            http.sslContext(trustAnchors.sslContext());
          } else if (isHttp(url) && isHttp(issuer)) {
            // The JDK client builds its TLS context eagerly, parsing the whole JDK trust store
            // (~150 certificates, a few MiB in a small guest) even for plain HTTP. No request of
            // this client can use TLS (redirects are not followed), so it gets one that trusts nothing.
            http.sslContext(trustNothing());
          }
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException("cannot build a TLS context", e);
        }
        httpClient = http.build();
      }
      return new KbsClient(this);
    }

    private static boolean isHttp(URI uri) {
      return "http".equalsIgnoreCase(uri.getScheme());
    }

    private static javax.net.ssl.SSLContext trustNothing() throws java.security.GeneralSecurityException {
      try {
        java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        javax.net.ssl.TrustManagerFactory tmf =
            javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(empty);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
      } catch (java.io.IOException e) {
        throw new java.security.GeneralSecurityException("cannot create an empty key store", e);
      }
    }
  }
}
