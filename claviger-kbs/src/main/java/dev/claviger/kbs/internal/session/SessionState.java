package dev.claviger.kbs.internal.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The RCAR session, carried by the client in the sealed {@code kbs-session-id} cookie. A session
 * moves {@code Challenged -> Attested} and keeps its expiry (as upstream: attesting does not
 * extend it).
 */
public sealed interface SessionState permits SessionState.Challenged, SessionState.Attested {

  /** Random id, only for correlating logs; never an authority. */
  String id();

  /** The TEE named at {@code /auth}, as its wire string. */
  String tee();

  Instant expiresAt();

  default boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt());
  }

  /** After {@code /auth}: the challenge nonce awaits evidence. */
  record Challenged(String id, String tee, String nonce, Instant expiresAt) implements SessionState {
    public Challenged {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(tee, "tee");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public Attested attested(String token) {
      return new Attested(id, tee, token, expiresAt);
    }
  }

  /**
   * After {@code /attest}: holds the EAR token itself, not a digest, so that any replica can
   * serve a cookie-authenticated resource request without shared session storage. The token is
   * still verified on every use.
   */
  record Attested(String id, String tee, String token, Instant expiresAt) implements SessionState {
    public Attested {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(tee, "tee");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "Attested[id=" + id + ", tee=" + tee + ", expiresAt=" + expiresAt + "]";
    }
  }
}
