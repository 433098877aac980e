package dev.claviger.evidence.nvidia;

import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Objects;

/** NVIDIA evidence or a RIM failed a check; {@link #error()} says which. */
public final class NvidiaRejectedException extends EvidenceRejectedException {
  private static final long serialVersionUID = 1L;

  private final NvidiaError error;

  public NvidiaRejectedException(NvidiaError error, String detail) {
    super(Objects.requireNonNull(error, "error") + ": " + detail);
    this.error = error;
  }

  public NvidiaRejectedException(NvidiaError error, String detail, Throwable cause) {
    super(Objects.requireNonNull(error, "error") + ": " + detail, cause);
    this.error = error;
  }

  public NvidiaError error() {
    return error;
  }
}
