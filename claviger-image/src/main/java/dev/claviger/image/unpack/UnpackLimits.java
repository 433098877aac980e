package dev.claviger.image.unpack;

/**
 * Bounds applied while unpacking one layer. Every value must be positive; exceeding one fails
 * the layer with {@link UnpackException.Kind#LIMIT}.
 *
 * @param maxUncompressedBytes bytes of the decompressed tar stream (stops decompression bombs)
 * @param maxEntries tar entries, including whiteouts and skipped special files
 * @param maxHeaderBytes raw bytes the tar reader may consume between two entries' data: PAX
 *     records, GNU long names/links and sparse maps are all read into memory, so this bounds
 *     the memory an attacker can make the parser allocate
 * @param maxPathLength characters of an entry name or link target
 * @param maxSymlinkHops parent symlinks followed (inside the rootfs) while resolving one entry
 */
public record UnpackLimits(
    long maxUncompressedBytes,
    long maxEntries,
    int maxHeaderBytes,
    int maxPathLength,
    int maxSymlinkHops) {

  /** 16 GiB, one million entries, 1 MiB of headers, 4096-character paths, 40 link hops. */
  public static final UnpackLimits DEFAULT =
      new UnpackLimits(16L << 30, 1_000_000, 1 << 20, 4096, 40);

  public UnpackLimits {
    if (maxUncompressedBytes <= 0 || maxEntries <= 0 || maxHeaderBytes < 1024
        || maxPathLength <= 0 || maxSymlinkHops <= 0) {
      throw new IllegalArgumentException(
          "unpack limits must be positive, and maxHeaderBytes at least 1024");
    }
  }

  public UnpackLimits withMaxUncompressedBytes(long value) {
    return new UnpackLimits(value, maxEntries, maxHeaderBytes, maxPathLength, maxSymlinkHops);
  }

  public UnpackLimits withMaxEntries(long value) {
    return new UnpackLimits(maxUncompressedBytes, value, maxHeaderBytes, maxPathLength, maxSymlinkHops);
  }

  public UnpackLimits withMaxHeaderBytes(int value) {
    return new UnpackLimits(maxUncompressedBytes, maxEntries, value, maxPathLength, maxSymlinkHops);
  }
}
