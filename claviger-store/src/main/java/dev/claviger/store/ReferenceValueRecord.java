package dev.claviger.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One reference value.
 *
 * @param name the id policies query, e.g. {@code "snp_launch_measurement"}
 * @param valuesJson JSON array (or value) of accepted values
 * @param provenance where it came from (RVPS message type, e.g. {@code "sample"})
 * @param createdAt when it was registered
 * @param expiresAt when it stops being valid, or {@code null} for never
 */
public record ReferenceValueRecord(
    String name, String valuesJson, String provenance, Instant createdAt, Instant expiresAt) {
  public ReferenceValueRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valuesJson, "valuesJson");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
