package dev.claviger.kbs.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCodecTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] KEY = new byte[32];
  private final SessionCodec codec = new SessionCodec(KEY, new SecureRandom());

  private static SessionState.Challenged challenged() {
    return new SessionState.Challenged("0123abcd", "sample", "bm9uY2U=", NOW.plusSeconds(300));
  }

  @Test
  void open_sealedChallenged_roundTrips() {
    assertThat(codec.open(codec.seal(challenged()), NOW)).contains(challenged());
  }

  @Test
  void open_sealedAttested_roundTripsAndKeepsExpiry() {
    SessionState.Attested a = challenged().attested("header.payload.sig");
    assertThat(codec.open(codec.seal(a), NOW.plusSeconds(299))).contains(a);
  }

  @Test
  void open_expired_empty() {
    assertThat(codec.open(codec.seal(challenged()), NOW.plusSeconds(300))).isEmpty();
  }

  @Test
  void open_otherKey_empty() {
    byte[] other = new byte[32];
    other[0] = 1;
    String cookie = new SessionCodec(other, new SecureRandom()).seal(challenged());
    assertThat(codec.open(cookie, NOW)).isEmpty();
  }

  @Test
  void open_anyFlippedByte_empty() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.seal(challenged()));
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] ^= 0x40;
      assertThat(codec.open(Base64.getUrlEncoder().withoutPadding().encodeToString(t), NOW)).as("byte %d", i).isEmpty();
    }
  }

  @Test
  void open_garbageOrOversized_empty() {
    assertThat(codec.open("not base64 !", NOW)).isEmpty();
    assertThat(codec.open("", NOW)).isEmpty();
    assertThat(codec.open(null, NOW)).isEmpty();
    assertThat(codec.open("A".repeat(SessionCodec.MAX_COOKIE_CHARS + 1), NOW)).isEmpty();
    assertThat(codec.open("AQAA", NOW)).isEmpty();
  }

  @Test
  void seal_cookieValue_isCookieSafe() {
    assertThat(codec.seal(challenged())).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void toString_attested_doesNotPrintToken() {
    assertThat(challenged().attested("secret.token.value").toString()).doesNotContain("secret.token");
  }

  @Test
  void open_rotatedKeys_oldSessionsOpenNewOnesUseFirstKey() {
    byte[] newKey = new byte[32];
    newKey[31] = 7;
    SessionCodec rotated = new SessionCodec(java.util.List.of(newKey, KEY), new SecureRandom());
    String old = codec.seal(challenged());
    assertThat(rotated.open(old, NOW)).contains(challenged());
    String fresh = rotated.seal(challenged());
    assertThat(new SessionCodec(newKey, new SecureRandom()).open(fresh, NOW)).contains(challenged());
    assertThat(codec.open(fresh, NOW)).isEmpty();
  }
}
