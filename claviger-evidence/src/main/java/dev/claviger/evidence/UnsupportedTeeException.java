package dev.claviger.evidence;

/**
 * No enabled verifier exists for the requested TEE: none is installed, or it is disabled by
 * configuration (the sample verifiers are disabled unless explicitly allowed).
 */
public final class UnsupportedTeeException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final transient Tee tee;

  public UnsupportedTeeException(Tee tee, String message) {
    super(message);
    this.tee = tee;
  }

  /** The TEE that was asked for. */
  public Tee tee() {
    return tee;
  }
}
