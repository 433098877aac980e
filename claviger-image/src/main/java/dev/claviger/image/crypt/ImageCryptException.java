package dev.claviger.image.crypt;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;

/**
 * Layer encryption or decryption failed. {@link #reason()} says exactly which check failed, so a
 * caller (and a test) can tell a wrong key from a tampered layer from a malformed annotation.
 */
public final class ImageCryptException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Reason {
    /** None of the given keys (or key providers) could unwrap any of the layer's wrapped keys. */
    NO_MATCHING_KEY,
    /** HMAC-SHA256 over the ciphertext differs from {@code pubopts.hmac}: the layer was altered. */
    HMAC_MISMATCH,
    /** The decrypted blob's digest differs from {@code privopts.digest} (or the descriptor's). */
    DIGEST_MISMATCH,
    /** The layer is encrypted but has no {@code org.opencontainers.image.enc.pubopts}. */
    MISSING_PUBOPTS,
    /** A cipher other than {@code AES_256_CTR_HMAC_SHA256}. */
    UNSUPPORTED_CIPHER,
    /** A key opened a wrapped layer key, but the JWE content failed authentication: it was altered. */
    JWE_INVALID,
    /** A JWE algorithm, key type or curve we do not accept. */
    UNSUPPORTED_ALGORITHM,
    /** Annotations, options JSON, JWE or key material could not be parsed (or exceed limits). */
    MALFORMED,
    /** A key provider (KBS via the confidential data hub) failed or refused. */
    KEY_PROVIDER,
    /** Reading or writing blob bytes failed. */
    IO
  }

  private final Reason reason;

  public ImageCryptException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageCryptException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason").name().toLowerCase(Locale.ROOT) + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
