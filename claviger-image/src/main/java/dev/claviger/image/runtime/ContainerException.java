package dev.claviger.image.runtime;

import java.util.Locale;
import java.util.Objects;

/** Building a runtime bundle or running it with runc failed; {@link #kind()} says how. */
public final class ContainerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** The image's {@code User} names a user or group that the rootfs does not define. */
    USER_NOT_FOUND,
    /** An argument or image value is unusable (empty argv, bad container id, bad user spec). */
    INVALID,
    /** The runc binary is not installed or not executable. */
    RUNTIME_MISSING,
    /** runc could not create or start the container. */
    LAUNCH_FAILED,
    /** The container did not exit within the timeout and was killed. */
    TIMEOUT,
    /** Reading the rootfs or writing the bundle failed. */
    IO
  }

  private final Kind kind;

  public ContainerException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ContainerException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(kind, "kind").name().toLowerCase(Locale.ROOT) + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
