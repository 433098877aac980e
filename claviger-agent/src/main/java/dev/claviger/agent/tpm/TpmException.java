package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.ResponseCodes;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A TPM command failed: the TPM answered with an error code (decoded by name, for instance
 * {@code TPM_RC_HANDLE (handle 1)}), the response was malformed, or the transport failed.
 */
public final class TpmException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The TPM executed the command and returned a non-zero TPM_RC. */
    RESPONSE_CODE,
    /** The response bytes do not parse as the response of the command sent. */
    MALFORMED_RESPONSE,
    /** The device or socket could not be opened, written or read. */
    TRANSPORT,
    /** The TPM works but holds something we refuse to use (for instance an AK that is not one). */
    UNSUITABLE
  }

  private final Kind kind;
  private final int responseCode;

  private TpmException(Kind kind, int responseCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.responseCode = responseCode;
  }

  /** {@code command} answered {@code rc}; the message names the code. */
  public static TpmException responseCode(String command, int rc) {
    return new TpmException(Kind.RESPONSE_CODE, rc, command + " failed: "
        + ResponseCodes.describe(rc), null);
  }

  public static TpmException malformed(String message) {
    return new TpmException(Kind.MALFORMED_RESPONSE, 0, message, null);
  }

  public static TpmException transport(String message, Throwable cause) {
    return new TpmException(Kind.TRANSPORT, 0, message, cause);
  }

  public static TpmException unsuitable(String message) {
    return new TpmException(Kind.UNSUITABLE, 0, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The raw TPM_RC when {@link #kind()} is {@link Kind#RESPONSE_CODE}. */
  public OptionalInt responseCode() {
    return kind == Kind.RESPONSE_CODE ? OptionalInt.of(responseCode) : OptionalInt.empty();
  }

  /**
   * Whether the TPM answered the given base code, ignoring the handle/parameter/session number
   * that format-1 codes carry ({@code TPM_RC_HANDLE} matches 0x18B as well as 0x08B).
   */
  public boolean is(int baseCode) {
    return kind == Kind.RESPONSE_CODE && ResponseCodes.base(responseCode) == baseCode;
  }

  /** The code's name, for instance {@code TPM_RC_INITIALIZE}; empty for other kinds. */
  public String codeName() {
    return kind == Kind.RESPONSE_CODE ? ResponseCodes.name(responseCode) : "";
  }
}
