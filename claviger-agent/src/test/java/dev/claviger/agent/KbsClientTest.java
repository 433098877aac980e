package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.core.SecretBytes;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KbsClientTest {
  private static final byte[] SECRET = "s3cr3t".getBytes(StandardCharsets.UTF_8);
  private static final ResourcePath PATH = ResourcePath.parse("default/key/one");
  private final List<Duration> sleeps = new ArrayList<>();
  private ScriptedKbs kbs;

  @BeforeEach
  void start() throws Exception {
    kbs = new ScriptedKbs();
    kbs.put(PATH.toString(), SECRET);
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  private KbsClient.Builder client(URI url) {
    return KbsClient.builder(url, new SampleAttester())
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
        .sleeper(sleeps::add);
  }

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void getResource_cookieMode_returnsSecretForEveryKeyType(TeeKeySpec spec) throws Exception {
    KbsClient client = client(kbs.url()).keySpec(spec).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void getResource_cookieModeTwice_reusesSession() throws Exception {
    KbsClient client = client(kbs.url()).build();

    client.getResource(PATH).close();
    client.getResource(PATH).close();

    assertThat(kbs.authCalls).hasValue(1);
    assertThat(kbs.resourceCalls).hasValue(2);
  }

  @Test
  void getResource_bearerMode_cachesTokenUntilExp() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    kbs.now = clock.instant();
    KbsClient client = client(kbs.url()).mode(KbsClient.Mode.BEARER).clock(clock).build();

    client.getResource(PATH).close();
    client.getResource(PATH).close();
    assertThat(kbs.authCalls).hasValue(1);

    clock.advance(Duration.ofSeconds(295));
    client.getResource(PATH).close();
    assertThat(kbs.authCalls).hasValue(2);
  }

  @Test
  void getResource_passportMode_tokenFromIssuerAcceptedBySecondKbs() throws Exception {
    try (ScriptedKbs resourceKbs = new ScriptedKbs()) {
      resourceKbs.trust(kbs);
      resourceKbs.put(PATH.toString(), SECRET);
      KbsClient client = client(resourceKbs.url()).issuer(kbs.url()).mode(KbsClient.Mode.BEARER).build();

      try (SecretBytes secret = client.getResource(PATH)) {
        assertThat(secret.contentEquals(SECRET)).isTrue();
      }
      assertThat(kbs.authCalls).hasValue(1);
      assertThat(resourceKbs.authCalls).hasValue(0);
    }
  }

  @Test
  void getResource_passportModeUntrustedIssuer_isRefused() throws Exception {
    try (ScriptedKbs resourceKbs = new ScriptedKbs()) {
      resourceKbs.put(PATH.toString(), SECRET);
      KbsClient client = client(resourceKbs.url()).issuer(kbs.url()).mode(KbsClient.Mode.BEARER).build();

      assertThatThrownBy(() -> client.getResource(PATH))
          .isInstanceOfSatisfying(KbsClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.errorType()).hasValueSatisfying(t -> assertThat(t).endsWith("/TokenNotFound"));
          });
    }
  }

  @Test
  void getResource_policyDeny_throwsRefusedWithServerTypeAndDetail() throws Exception {
    kbs.deny = true;
    KbsClient client = client(kbs.url()).build();

    assertThatThrownBy(() -> client.getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.REFUSED);
          assertThat(e.status()).hasValue(401);
          assertThat(e.errorType()).contains("https://github.com/confidential-containers/kbs/errors/PolicyDeny");
          assertThat(e.detail()).isEqualTo("Access denied by policy");
        });
    assertThat(kbs.resourceCalls).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void getResource_refusedOnReusedSession_reattestsExactlyOnce() throws Exception {
    KbsClient client = client(kbs.url()).build();
    client.getResource(PATH).close();
    kbs.deny = true;

    assertThatThrownBy(() -> client.getResource(PATH)).isInstanceOf(KbsClientException.class);
    assertThat(kbs.authCalls).hasValue(2);
    assertThat(kbs.resourceCalls).hasValue(3);
  }

  @Test
  void getResource_missingResource_isRefused() throws Exception {
    KbsClient client = client(kbs.url()).build();

    assertThatThrownBy(() -> client.getResource(ResourcePath.parse("default/key/absent")))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.detail()).isEqualTo("resource not found"));
  }

  @Test
  void attest_transient503_retriedWithBackoff() throws Exception {
    kbs.failAuth.set(2);
    KbsClient client = client(kbs.url()).build();

    assertThat(client.attest().jwt()).isNotEmpty();
    assertThat(kbs.authCalls).hasValue(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void attest_persistent503_failsAfterMaxAttempts() throws Exception {
    kbs.failAuth.set(10);
    KbsClient client = client(kbs.url()).build();

    assertThatThrownBy(client::attest)
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
          assertThat(e.status()).hasValue(503);
          assertThat(e.detail()).isEqualTo("try later");
        });
    assertThat(kbs.authCalls).hasValue(3);
  }

  @Test
  void attest_nothingListening_failsWithTransportAfterRetries() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    KbsClient client = client(URI.create("http://127.0.0.1:" + port)).build();

    assertThatThrownBy(client::attest)
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRANSPORT));
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void token_tokenCarriesTeePubkeyAndExpiry() throws Exception {
    KbsClient client = client(kbs.url()).build();

    AttestationToken token = client.token();

    assertThat(token.expiresAt()).isPresent();
    assertThat(token.toString()).doesNotContain(token.jwt()).contains("redacted");
    assertThat(client.token()).isSameAs(token);
  }

  @Test
  void attest_challengeWithoutCookie_isProtocolError() {
    kbs.omitCookie = true;

    assertThatThrownBy(() -> client(kbs.url()).build().attest())
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PROTOCOL);
          assertThat(e.detail()).contains("kbs-session-id");
        });
  }

  @Test
  void attest_malformedChallenge_isProtocolErrorWithoutRetry() {
    for (String challenge : new String[] {"not json", "[]", "{\"nonce\":5}", "{\"extra-params\":\"\"}",
        "{\"nonce\":\"n\",\"extra-params\":{\"selected-hash-algorithm\":\"md5\"}}"}) {
      kbs.challengeOverride = challenge;

      assertThatThrownBy(() -> client(kbs.url()).build().attest())
          .as(challenge)
          .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROTOCOL));
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void build_separateIssuerInCookieMode_throws() {
    assertThatThrownBy(() -> client(kbs.url()).issuer(URI.create("http://127.0.0.1:1")).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_nonHttpUrl_throws() {
    assertThatThrownBy(() -> client(URI.create("ftp://127.0.0.1/")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attest_defaultRetry_fiveAttemptsOneSecondApartThenSucceeds() throws Exception {
    kbs.failAuth.set(4);
    KbsClient client = KbsClient.builder(kbs.url(), new SampleAttester()).sleeper(sleeps::add).build();

    client.attest();

    assertThat(kbs.authCalls).hasValue(5);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void attest_defaultRetry_fifthFailureIsFinal() {
    kbs.failAuth.set(5);
    KbsClient client = KbsClient.builder(kbs.url(), new SampleAttester()).sleeper(sleeps::add).build();

    assertThatThrownBy(client::attest).isInstanceOfSatisfying(KbsClientException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
    assertThat(kbs.authCalls).hasValue(5);
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
