package dev.claviger.image.unpack;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;

/**
 * A layer could not be applied to a rootfs. {@link #kind()} says which rule refused it, so a
 * caller (and a test) can tell a path-traversal attempt from a tampered layer from a truncated
 * stream. When this is thrown by {@link LayerUnpacker#unpack}, the rootfs has already been
 * deleted: a half-applied layer stack is never left behind to be run.
 */
public final class UnpackException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Which rule refused the layer. */
  public enum Kind {
    /** An entry name, link target or parent symlink would write outside the rootfs. */
    PATH_ESCAPE,
    /** A configured limit (bytes, entries, header size, path length, link depth) was exceeded. */
    LIMIT,
    /** The sha256 of the uncompressed tar differs from {@code config.rootfs.diff_ids[i]}. */
    DIFF_ID_MISMATCH,
    /** The compressed stream or the tar structure is corrupt or truncated. */
    MALFORMED,
    /** A media type, digest algorithm or tar feature (e.g. sparse files) we do not handle. */
    UNSUPPORTED,
    /** Reading the source or writing the rootfs failed for a reason unrelated to the input. */
    IO
  }

  private final Kind kind;

  public UnpackException(Kind kind, String message) {
    this(kind, message, null);
  }

  public UnpackException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(kind, "kind").name().toLowerCase(Locale.ROOT) + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
