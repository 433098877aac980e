package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hash algorithm ids as CCA tokens name them (IANA "Named Information" names). */
public enum HashAlg {
  SHA_256("sha-256", "SHA-256", 32),
  SHA_384("sha-384", "SHA-384", 48),
  SHA_512("sha-512", "SHA-512", 64);

  private final String id;
  private final String jca;
  private final int length;

  HashAlg(String id, String jca, int length) {
    this.id = id;
    this.jca = jca;
    this.length = length;
  }

  static HashAlg of(String id) throws CcaRejectedException {
    for (HashAlg h : values()) {
      if (h.id.equals(id)) {
        return h;
      }
    }
    throw new CcaRejectedException(CcaError.MALFORMED_CLAIMS, "unknown hash algorithm id " + id);
  }

  public String id() {
    return id;
  }

  public int length() {
    return length;
  }

  public byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance(jca).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " unavailable", e);
    }
  }
}
