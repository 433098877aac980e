package dev.claviger.agent.cdh;

import java.util.Optional;

/**
 * How an annotation packet or envelope secret encrypts its payload with a 32-byte key (upstream
 * {@code crypto::WrapType}). GCM carries its 16-byte tag appended to the ciphertext and no AAD.
 */
public enum WrapType {
  /** AES-256-GCM, 12-byte IV, tag appended. */
  A256GCM(12),
  /** AES-256-CTR, 16-byte initial counter block; not authenticated (upstream discourages it). */
  A256CTR(16);

  private final int ivLength;

  WrapType(int ivLength) {
    this.ivLength = ivLength;
  }

  public int ivLength() {
    return ivLength;
  }

  /** The wire name, exact and case-sensitive as upstream's serde/strum names. */
  public static Optional<WrapType> fromWireName(String name) {
    for (WrapType t : values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
