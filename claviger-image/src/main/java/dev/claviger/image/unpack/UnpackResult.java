package dev.claviger.image.unpack;

import dev.claviger.image.oci.Digest;
import java.util.Objects;

/**
 * What one layer did to the rootfs.
 *
 * @param diffId digest of the uncompressed tar, already found equal to the expected diff_id
 * @param uncompressedBytes length of the uncompressed tar stream
 * @param entries tar entries applied (files, directories, links, whiteouts)
 * @param skippedSpecialFiles device nodes and FIFOs not created (see {@link LayerUnpacker})
 */
public record UnpackResult(Digest diffId, long uncompressedBytes, long entries, long skippedSpecialFiles) {
  public UnpackResult {
    Objects.requireNonNull(diffId, "diffId");
  }
}
