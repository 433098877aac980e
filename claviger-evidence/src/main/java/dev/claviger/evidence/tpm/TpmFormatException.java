package dev.claviger.evidence.tpm;

/** A TPM structure or event log is malformed: truncated, oversized, or with an unknown tag. */
public final class TpmFormatException extends TpmRejectedException {
  private static final long serialVersionUID = 1L;

  public TpmFormatException(String detail) {
    super(TpmError.MALFORMED, detail);
  }
}
