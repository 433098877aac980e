package dev.claviger.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An attestation token (EAR JWT) issued by a KBS after RCAR. It is a bearer credential, so
 * {@link #toString()} never shows it. The expiry is read from the unverified payload, as upstream's
 * client does: it only decides when to fetch a new token, never whether to trust one.
 */
public final class AttestationToken {
  private final String jwt;
  private final Instant expiresAt;

  public AttestationToken(String jwt, Optional<Instant> expiresAt) {
    this.jwt = Objects.requireNonNull(jwt, "jwt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").orElse(null);
  }

  /** The compact JWT. */
  public String jwt() {
    return jwt;
  }

  /** The {@code exp} claim, if the token has one. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** True if the token has an expiry and it is still at least {@code margin} away. */
  public boolean usableAt(Instant now, java.time.Duration margin) {
    return expiresAt != null && now.plus(margin).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AttestationToken[" + jwt.length() + " chars, redacted, exp=" + expiresAt + "]";
  }
}
