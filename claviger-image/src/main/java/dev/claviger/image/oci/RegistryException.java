package dev.claviger.image.oci;

import java.io.IOException;
import java.util.List;

/**
 * A registry refused or failed a request. Carries the HTTP status and the distribution-spec error
 * codes from the body ({@code {"errors":[{"code":...,"message":...}]}}), or a code we derived when
 * the registry sent none (for example {@link Code#UNAUTHORIZED} for a 401 without body).
 */
public final class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Distribution-spec error codes, plus {@link #UNKNOWN} for anything else. */
  public enum Code {
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    MANIFEST_UNVERIFIED,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    TAG_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS,
    UNKNOWN;

    /** Maps a wire code; unrecognised codes become {@link #UNKNOWN}. */
    public static Code fromWire(String s) {
      for (Code c : values()) {
        if (c.name().equals(s)) {
          return c;
        }
      }
      return UNKNOWN;
    }
  }

  /** One entry of the registry's error list. */
  public record Error(Code code, String wireCode, String message) {}

  private final int status;
  private final transient List<Error> errors;

  public RegistryException(String message, int status, List<Error> errors) {
    super(message + describe(status, errors));
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  private static String describe(int status, List<Error> errors) {
    StringBuilder sb = new StringBuilder();
    if (status > 0) {
      sb.append(" (HTTP ").append(status).append(')');
    }
    for (Error e : errors) {
      sb.append(": ").append(e.wireCode());
      if (!e.message().isEmpty()) {
        sb.append(' ').append(e.message());
      }
    }
    return sb.toString();
  }

  /** HTTP status, or 0 when the failure was not an HTTP response. */
  public int status() {
    return status;
  }

  /** Errors the registry sent (possibly one we derived from the status). */
  public List<Error> errors() {
    return errors;
  }

  /** The first error code, {@link Code#UNKNOWN} when none. */
  public Code code() {
    return errors.isEmpty() ? Code.UNKNOWN : errors.get(0).code();
  }
}
