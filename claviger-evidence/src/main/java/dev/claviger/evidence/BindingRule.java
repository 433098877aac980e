package dev.claviger.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * How an expected digest maps onto the field a TEE reports.
 *
 * @param kind the rule
 * @param size the field size in bytes for {@link Kind#FIT}; 0 otherwise
 */
public record BindingRule(Kind kind, int size) {

  /** Rule kinds. */
  public enum Kind {
    /** Zero-pad or truncate the digest to {@code size} bytes (Trustee's {@code regularize_data}). */
    FIT,
    /** The field must equal the digest byte for byte. */
    EXACT,
    /** The field is TPM PCR 8 after one extend of the digest: SHA-256(32 zero bytes || digest). */
    TPM_PCR8,
    /** The TEE has no field for this value; a provided value cannot be checked. */
    NONE
  }

  public BindingRule {
    if (kind == null) {
      throw new IllegalArgumentException("kind");
    }
    if ((kind == Kind.FIT) != (size > 0)) {
      throw new IllegalArgumentException("size must be positive exactly for FIT");
    }
  }

  static BindingRule fit(int size) {
    return new BindingRule(Kind.FIT, size);
  }

  static BindingRule exact() {
    return new BindingRule(Kind.EXACT, 0);
  }

  static BindingRule tpmPcr8() {
    return new BindingRule(Kind.TPM_PCR8, 0);
  }

  static BindingRule none() {
    return new BindingRule(Kind.NONE, 0);
  }

  /**
   * The value the evidence field must hold for this digest.
   *
   * @throws IllegalStateException for {@link Kind#NONE}: there is nothing to compare with
   */
  public byte[] expectedField(byte[] digest) {
    return switch (kind) {
      case FIT -> Arrays.copyOf(digest, size);
      case EXACT -> digest.clone();
      case TPM_PCR8 -> pcr8(digest);
      case NONE -> throw new IllegalStateException("this TEE cannot bind the value");
    };
  }

  private static byte[] pcr8(byte[] digest) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(new byte[32]);
      return sha256.digest(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
