package dev.claviger.image.oci;

/**
 * Receives blob transfer progress. Called on the transferring thread; implementations must be
 * cheap and thread-safe when one listener serves concurrent transfers.
 */
public interface ProgressListener {
  /** How a blob reached its destination. */
  enum Outcome {
    /** Bytes were transferred. */
    COPIED,
    /** The destination already had it. */
    EXISTS,
    /** The registry mounted it from another repository. */
    MOUNTED
  }

  ProgressListener NONE = new ProgressListener() {};

  /** A transfer of {@code d} starts ({@code d.size()} is the total). */
  default void started(Descriptor d) {}

  /** {@code bytes} of {@code d} transferred so far. */
  default void advanced(Descriptor d, long bytes) {}

  /** The blob is at its destination. */
  default void finished(Descriptor d, Outcome outcome) {}
}
