package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;

/**
 * An IOException that already knows its {@link UnpackException.Kind}: it has to travel through
 * the decompressor and the tar reader, which only let IOExceptions pass, before it is turned
 * back into an {@link UnpackException}.
 */
public final class UnpackIOException extends IOException {
  private static final long serialVersionUID = 1L;
  private final UnpackException.Kind kind;

  public UnpackIOException(UnpackException.Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public UnpackException.Kind kind() {
    return kind;
  }

  /**
   * Maps any failure of the read side (source, decompressor, tar parser) to a typed exception:
   * a tagged cause keeps its kind, anything else means the stream itself is corrupt.
   */
  public static UnpackException classify(Throwable failure, String what) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnpackIOException tagged) {
        return new UnpackException(tagged.kind(), tagged.getMessage(), failure);
      }
    }
    String detail = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new UnpackException(UnpackException.Kind.MALFORMED, what + ": " + detail, failure);
  }
}
