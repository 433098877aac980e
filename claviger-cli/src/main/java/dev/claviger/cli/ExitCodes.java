package dev.claviger.cli;

/**
 * Exit codes of the {@code claviger} command. Scripts rely on them; never renumber.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The server refused (HTTP 4xx); stderr carries the server's error detail. */
  public static final int REFUSED = 1;
  /** Bad command line or unreadable local input file. */
  public static final int USAGE = 2;
  /** The command could not complete: server unreachable, 5xx, malformed answer, local I/O error. */
  public static final int FAILED = 3;

  private ExitCodes() {}
}
