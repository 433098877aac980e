package dev.claviger.kbs.internal.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An attestation token whose signature, trust anchor and expiry were checked by
 * {@link TokenVerifier}; only it creates instances. Resource handlers take only this type.
 *
 * @param claims the verified JWT claims (the resource policy's {@code input})
 */
public final class VerifiedToken {
  private final JsonNode claims;
  private final Instant expiresAt;

  VerifiedToken(JsonNode claims, Instant expiresAt) {
    this.claims = claims.deepCopy();
    this.expiresAt = expiresAt;
  }

  public JsonNode claims() {
    return claims.deepCopy();
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The first of {@code pointers} that resolves in the claims, if any. */
  public java.util.Optional<JsonNode> at(java.util.List<String> pointers) {
    for (String p : pointers) {
      JsonNode n = claims.at(p);
      if (!n.isMissingNode() && !n.isNull()) {
        return java.util.Optional.of(n.deepCopy());
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return "VerifiedToken[expiresAt=" + expiresAt + "]";
  }
}
