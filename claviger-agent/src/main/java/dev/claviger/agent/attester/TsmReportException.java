package dev.claviger.agent.attester;

import java.util.Objects;

/**
 * A configfs-tsm report request failed. The {@link Reason} says which step, so that callers (and
 * tests) can tell a missing interface from a conflicting writer or a platform that returned
 * nothing.
 */
public final class TsmReportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which step of the configfs-tsm exchange failed. */
  public enum Reason {
    /** {@code /sys/kernel/config/tsm/report} does not exist (kernel older than 6.7, no TSM). */
    NOT_AVAILABLE,
    /** The entry's {@code provider} names another known TEE. */
    WRONG_PROVIDER,
    /** The entry's {@code provider} is not one we know. */
    UNKNOWN_PROVIDER,
    /** {@code generation} is not 1: another writer used the entry, or our write was lost. */
    GENERATION_MISMATCH,
    /** The platform returned an empty {@code outblob} (upstream issue #823). */
    EMPTY_OUTBLOB,
    /** The outblob (or auxblob) is not a report of the shape the provider defines. */
    MALFORMED_OUTBLOB,
    /** An attribute is larger than the bound we read. */
    TOO_LARGE,
    /** The report data to write is empty or too long. */
    BAD_INBLOB,
    /** Creating, reading, writing or removing the entry failed. */
    IO
  }

  private final Reason reason;

  public TsmReportException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public TsmReportException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
