package dev.claviger.evidence.tpm;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** TPM or vTPM evidence failed a check; {@link #error()} says which. */
public class TpmRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final TpmError error;

  public TpmRejectedException(TpmError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
  }

  public TpmError error() {
    return error;
  }
}
