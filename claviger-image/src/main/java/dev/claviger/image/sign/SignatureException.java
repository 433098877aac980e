package dev.claviger.image.sign;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;

/**
 * An image signature was not accepted, or could not be checked. {@link #kind()} says why, so a
 * caller (and a test) can tell an unsigned image from a forged, replayed or mis-addressed one
 * without parsing the message. The message names what failed in our own words; it never contains
 * key material.
 */
public final class SignatureException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why a signature or an image was refused. */
  public enum Kind {
    /** The policy requires a signature and none exists for the manifest digest. */
    UNSIGNED,
    /** A signature is malformed or its cryptographic check fails (tampered bytes). */
    BAD_SIGNATURE,
    /** A well-formed signature was made by a key the policy does not trust. */
    UNTRUSTED_KEY,
    /** A valid signature names another manifest digest (replayed on another image). */
    DIGEST_MISMATCH,
    /** A valid signature names an identity the policy's signedIdentity rule does not accept. */
    IDENTITY_MISMATCH,
    /** The policy scope for the image says {@code reject}. */
    REJECTED,
    /** The policy or signature asks for something Claviger does not implement (e.g. Fulcio). */
    UNSUPPORTED,
    /** A key or configuration named by the policy is missing or unusable. */
    CONFIGURATION,
    /** Signatures could not be fetched (registry or lookaside I/O failed). */
    UNAVAILABLE
  }

  private final Kind kind;

  public SignatureException(Kind kind, String message) {
    super(describe(kind, message));
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public SignatureException(Kind kind, String message, Throwable cause) {
    super(describe(kind, message), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  private static String describe(Kind kind, String message) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
        + Objects.requireNonNull(message, "message");
  }
}
