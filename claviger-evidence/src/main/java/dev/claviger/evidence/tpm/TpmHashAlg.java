package dev.claviger.evidence.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** TPM_ALG_ID hash algorithms that PCR banks, event logs and quote signatures use. */
public enum TpmHashAlg {
  SHA1(0x0004, "SHA-1", 20, "sha1"),
  SHA256(0x000B, "SHA-256", 32, "sha256"),
  SHA384(0x000C, "SHA-384", 48, "sha384"),
  SHA512(0x000D, "SHA-512", 64, "sha512");

  private final int id;
  private final String jcaName;
  private final int size;
  private final String label;

  TpmHashAlg(int id, String jcaName, int size, String label) {
    this.id = id;
    this.jcaName = jcaName;
    this.size = size;
    this.label = label;
  }

  /** The TPM_ALG_ID. */
  public int id() {
    return id;
  }

  public String jcaName() {
    return jcaName;
  }

  /** Digest size in bytes. */
  public int size() {
    return size;
  }

  /** Lower-case name, as in claims ({@code "sha256"}). */
  public String label() {
    return label;
  }

  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " unavailable", e);
    }
  }

  public byte[] digest(byte[] data) {
    return newDigest().digest(data);
  }

  /** The algorithm for a TPM_ALG_ID, or empty when it is not a supported hash. */
  public static Optional<TpmHashAlg> fromId(int id) {
    for (TpmHashAlg a : values()) {
      if (a.id == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The algorithm for a label ({@code sha1}, {@code sha256}, ...; case-insensitive). */
  public static Optional<TpmHashAlg> fromLabel(String label) {
    for (TpmHashAlg a : values()) {
      if (a.label.equalsIgnoreCase(label)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
