package dev.claviger.attestation;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed EAR attestation result (compact JWS, ES256).
 *
 * @param jwt the compact JWT; a bearer credential, so {@link #toString()} omits it
 * @param expiresAt its {@code exp}
 */
public record EarToken(String jwt, Instant expiresAt) {
  public EarToken {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "EarToken[expiresAt=" + expiresAt + "]";
  }
}
