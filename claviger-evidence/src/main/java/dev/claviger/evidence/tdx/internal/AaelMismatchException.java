package dev.claviger.evidence.tdx.internal;

/** An AAEL entry whose digests do not prove that exactly its data was extended into an RTMR. */
public final class AaelMismatchException extends Exception {
  private static final long serialVersionUID = 1L;

  public AaelMismatchException(String message) {
    super(message);
  }
}
