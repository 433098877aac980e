package dev.claviger.core;

/**
 * Input could not be parsed or decoded (bad JSON, bad hex/base64, exceeded input limit, unknown
 * algorithm name, ...). The message says what was wrong and where, in our own words; it never
 * carries library internals, and callers may show it to the party that sent the input.
 */
public final class MalformedInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(String message) {
    super(message);
  }

  public MalformedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
