package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** SEV-SNP evidence failed a check; {@link #error()} says which. */
public final class SnpRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final SnpError error;

  public SnpRejectedException(SnpError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
  }

  public SnpRejectedException(SnpError error, String detail, Throwable cause) {
    super(Objects.requireNonNull(error, "error") + ": " + detail, cause);
    this.error = error;
  }

  public SnpError error() {
    return error;
  }
}
