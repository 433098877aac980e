package dev.claviger.kms.internal;

import dev.claviger.core.SecretBytes;
import dev.claviger.kms.KeyVersion;
import java.time.Instant;

/** One master-key version. Not a record: the key must stay out of toString/equals. */
public final class MasterKey {
  public static final int KEY_BYTES = 32;

  private final int version;
  private final Instant createdAt;
  private final SecretBytes key;

  MasterKey(int version, Instant createdAt, SecretBytes key) {
    if (key.length() != KEY_BYTES) {
      throw new IllegalArgumentException("master key must be 32 bytes");
    }
    this.version = version;
    this.createdAt = createdAt;
    this.key = key;
  }

  public int version() {
    return version;
  }

  public Instant createdAt() {
    return createdAt;
  }

  SecretBytes key() {
    return key;
  }

  public KeyVersion metadata() {
    return new KeyVersion(version, createdAt);
  }

  @Override
  public String toString() {
    return "MasterKey[version=" + version + ", createdAt=" + createdAt + ", key=redacted]";
  }
}
