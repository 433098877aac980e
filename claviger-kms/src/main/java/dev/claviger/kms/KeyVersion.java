package dev.claviger.kms;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one master-key version (never the key itself).
 *
 * @param version 1, 2, ... in order of creation
 * @param createdAt when it was generated
 */
public record KeyVersion(int version, Instant createdAt) {
  public KeyVersion {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1");
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
