package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.RegistryProxy;
import dev.claviger.image.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic auth against docker-registry's htpasswd; the Bearer token flow against a proxy double that
 * acts as token realm in front of the real registry; tampering by a hostile proxy.
 */
class RegistryAuthTest {
  private static RegistryFixture plain;
  private static RegistryFixture basic;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    plain = RegistryFixture.start();
    basic = RegistryFixture.withBasicAuth("alice", "pa:ss w0rd");
  }

  @AfterAll
  static void stop() {
    if (plain != null) {
      plain.close();
    }
    if (basic != null) {
      basic.close();
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void basicAuth_rightCredentials_pushAndPull() throws Exception {
    RegistryClient c = RegistryClient.builder().insecure(basic.host())
        .credentials(CredentialProvider.of(basic.host(),
            RegistryCredentials.of("alice", "pa:ss w0rd".toCharArray()))).build();
    ImageReference ref = ImageReference.parse(basic.host() + "/auth/basic:v1");
    TestImages.Image img = TestImages.hello();
    RegistryClientTest.push(c, ref, img);
    assertThat(c.getManifest(ref).digest().toString()).isEqualTo(img.manifest().digest());
  }

  @Test
  void basicAuth_noOrWrongCredentials_unauthorized() throws Exception {
    ImageReference ref = ImageReference.parse(basic.host() + "/auth/basic:v1");
    RegistryClient anon = RegistryClient.builder().insecure(basic.host()).build();
    anon.ping(basic.host());
    assertThatThrownBy(() -> anon.getManifest(ref)).isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).code())
            .isEqualTo(RegistryException.Code.UNAUTHORIZED));
    RegistryClient wrong = RegistryClient.builder().insecure(basic.host())
        .credentials(CredentialProvider.of(basic.host(),
            RegistryCredentials.of("alice", "nope".toCharArray()))).build();
    assertThatThrownBy(() -> wrong.headManifest(ref)).isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(401));
  }

  @Test
  void basicAuth_fromAuthFile_namespaceEntryWins() throws Exception {
    String good = Base64.getEncoder().encodeToString(
        "alice:pa:ss w0rd".getBytes(StandardCharsets.UTF_8));
    String bad = Base64.getEncoder().encodeToString("alice:x".getBytes(StandardCharsets.UTF_8));
    Path f = tmp.resolve("auth.json");
    Files.writeString(f, "{\"auths\":{\"" + basic.host() + "\":{\"auth\":\"" + bad + "\"},\""
        + basic.host() + "/auth\":{\"auth\":\"" + good + "\"}}}");
    AuthFile af = AuthFile.load(f);
    assertThat(af.toString()).doesNotContain("pa:ss").doesNotContain(good);
    RegistryClient c = RegistryClient.builder().insecure(basic.host()).credentials(af).build();
    RegistryClientTest.push(c, ImageReference.parse(basic.host() + "/auth/file:v1"),
        TestImages.hello());
    assertThatThrownBy(() -> c.headManifest(ImageReference.parse(basic.host() + "/other/x:v1")))
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void bearer_tokenFlow_scopesRequestedAndCachedUntilExpiry() throws Exception {
    try (RegistryProxy proxy = RegistryProxy.forward(plain.host())
        .requireBearer("bob", "hunter2", 120)) {
      MutableClock clock = new MutableClock();
      RegistryClient c = RegistryClient.builder().insecure(proxy.host()).clock(clock)
          .credentials(CredentialProvider.of(proxy.host(),
              RegistryCredentials.of("bob", "hunter2".toCharArray()))).build();
      ImageReference ref = ImageReference.parse(proxy.host() + "/tok/app:v1");
      TestImages.Image img = TestImages.hello();
      RegistryClientTest.push(c, ref, img);
      assertThat(proxy.tokenRequests()).isNotEmpty().allSatisfy(q -> assertThat(q)
          .contains("service=claviger-test").contains("scope=repository:tok/app:pull"));
      assertThat(proxy.tokenRequests()).anySatisfy(q ->
          assertThat(q).contains("repository:tok/app:pull,push"));

      // the pull token from the push (blob HEADs) is reused until it expires
      int before = proxy.tokenRequests().size();
      c.getManifest(ref);
      c.headManifest(ref);
      clock.advance(Duration.ofSeconds(100));
      c.getManifest(ref);
      assertThat(proxy.tokenRequests()).hasSize(before);
      clock.advance(Duration.ofSeconds(21));
      c.getManifest(ref);
      assertThat(proxy.tokenRequests()).hasSize(before + 1);
    }
  }

  @Test
  void bearer_wrongCredentials_tokenRefusedUnauthorized() throws Exception {
    try (RegistryProxy proxy = RegistryProxy.forward(plain.host())
        .requireBearer("bob", "hunter2", 120)) {
      RegistryClient c = RegistryClient.builder().insecure(proxy.host())
          .credentials(CredentialProvider.of(proxy.host(),
              RegistryCredentials.of("bob", "guess".toCharArray()))).build();
      assertThatThrownBy(() -> c.getManifest(ImageReference.parse(proxy.host() + "/tok/x:v1")))
          .isInstanceOf(RegistryException.class)
          .satisfies(e -> assertThat(((RegistryException) e).code())
              .isEqualTo(RegistryException.Code.UNAUTHORIZED))
          .hasMessageContaining("token request");
    }
  }

  @Test
  void bearer_plainHttpRealmOnSecureHost_refused() throws Exception {
    // the registry is marked insecure but the realm must be too: credentials go there
    try (RegistryProxy proxy = RegistryProxy.forward(plain.host())
        .requireBearer("bob", "hunter2", 120)) {
      String viaLocalhost = "localhost:" + proxy.host().split(":")[1];
      RegistryClient c = RegistryClient.builder().insecure(viaLocalhost)
          .credentials(CredentialProvider.of(viaLocalhost,
              RegistryCredentials.of("bob", "hunter2".toCharArray()))).build();
      assertThatThrownBy(() -> c.getManifest(ImageReference.parse(viaLocalhost + "/tok/x:v1")))
          .hasMessageContaining("refusing token realm");
      assertThat(proxy.tokenRequests()).isEmpty();
    }
  }

  @Test
  void tamperedBlob_byProxy_digestMismatch() throws Exception {
    ImageReference direct = ImageReference.parse(plain.host() + "/tamper/app:v1");
    TestImages.Image img = TestImages.hello();
    RegistryClientTest.push(RegistryClient.builder().insecure(plain.host()).build(), direct, img);
    try (RegistryProxy proxy = RegistryProxy.forward(plain.host()).flipFirstByte("/blobs/")) {
      RegistryClient c = RegistryClient.builder().insecure(proxy.host()).build();
      ImageReference ref = ImageReference.parse(proxy.host() + "/tamper/app:v1");
      ImageManifest m = (ImageManifest) c.getManifest(ref);
      assertThatThrownBy(() -> c.readBlob(ref, m.config(), 1 << 20))
          .isInstanceOf(DigestMismatchException.class);
      try (DigestingInputStream in = c.openBlob(ref, m.layers().get(0), ProgressListener.NONE)) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
      }
      assertThat(proxy.tamperedCount()).isEqualTo(2);
    }
  }

  @Test
  void tamperedManifest_byProxy_digestMismatch() throws Exception {
    ImageReference direct = ImageReference.parse(plain.host() + "/tamper/man:v1");
    TestImages.Image img = TestImages.hello();
    RegistryClientTest.push(RegistryClient.builder().insecure(plain.host()).build(), direct, img);
    try (RegistryProxy proxy = RegistryProxy.forward(plain.host()).tamper((ex, body) -> {
      String s = new String(body, StandardCharsets.UTF_8);
      return s.replace("\"schemaVersion\":2", "\"schemaVersion\":2 ")
          .getBytes(StandardCharsets.UTF_8);
    })) {
      RegistryClient c = RegistryClient.builder().insecure(proxy.host()).build();
      ImageReference ref = ImageReference.parse(proxy.host() + "/tamper/man:v1");
      // by tag: the registry's Docker-Content-Digest no longer matches the bytes
      assertThatThrownBy(() -> c.getManifest(ref)).isInstanceOf(DigestMismatchException.class);
      // by digest: the pinned digest does not match
      assertThatThrownBy(() -> c.getManifest(ref.atDigest(Digest.parse(img.manifest().digest()))))
          .isInstanceOf(DigestMismatchException.class);
    }
  }
}
