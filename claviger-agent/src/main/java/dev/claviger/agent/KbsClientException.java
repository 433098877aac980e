package dev.claviger.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A KBS interaction failed. {@link #reason()} says at which layer; for {@link Reason#REFUSED} the
 * server's RFC 7807-style {@code type} and {@code detail} are kept verbatim.
 */
public final class KbsClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Where the failure happened. */
  public enum Reason {
    /** The KBS answered 4xx: protocol mismatch, failed attestation, policy deny, unknown resource. */
    REFUSED,
    /** The KBS answered 5xx on every attempt. */
    SERVER_ERROR,
    /** The KBS could not be reached (connection refused, DNS, timeout) on every attempt. */
    TRANSPORT,
    /** The KBS answered 2xx with something that does not follow protocol 0.4.0. */
    PROTOCOL,
    /** The wrapped resource could not be decrypted with the TEE key. */
    DECRYPTION,
    /** The local attester failed. */
    ATTESTER
  }

  private final Reason reason;
  private final int status;
  private final String errorType;
  private final String detail;

  public KbsClientException(Reason reason, int status, String errorType, String detail, Throwable cause) {
    super(describe(reason, status, errorType, detail), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.status = status;
    this.errorType = errorType;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  public static KbsClientException of(Reason reason, String detail) {
    return new KbsClientException(reason, 0, null, detail, null);
  }

  public static KbsClientException of(Reason reason, String detail, Throwable cause) {
    return new KbsClientException(reason, 0, null, detail, cause);
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status when the server answered. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** The server's error {@code type} URI, when its body had one. */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The server's {@code detail} text, or our own description when the server did not answer. */
  public String detail() {
    return detail;
  }

  private static String describe(Reason reason, int status, String errorType, String detail) {
    StringBuilder text = new StringBuilder(reason.name().toLowerCase(java.util.Locale.ROOT));
    if (status > 0) {
      text.append(" (HTTP ").append(status).append(')');
    }
    if (errorType != null) {
      text.append(' ').append(errorType.substring(errorType.lastIndexOf('/') + 1));
    }
    return text.append(": ").append(detail).toString();
  }
}
