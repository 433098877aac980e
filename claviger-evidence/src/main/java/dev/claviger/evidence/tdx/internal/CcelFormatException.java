package dev.claviger.evidence.tdx.internal;

/** A CC event log that does not follow the TCG2 crypto-agile format. */
public final class CcelFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public CcelFormatException(String message) {
    super(message);
  }
}
