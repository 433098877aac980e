package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored reference value.
 *
 * @param name the id policies query
 * @param value the accepted value(s), usually an array
 * @param provenance the RVPS message type it came from ({@code "sample"})
 * @param createdAt when it was registered
 * @param expiresAt when it stops being returned by queries; empty for never
 */
public record ReferenceValue(
    String name, JsonNode value, String provenance, Instant createdAt, Optional<Instant> expiresAt) {
  public ReferenceValue {
    Objects.requireNonNull(name, "name");
    value = Objects.requireNonNull(value, "value").deepCopy();
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  /** Whether the value is expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }
}
