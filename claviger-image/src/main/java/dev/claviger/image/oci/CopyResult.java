package dev.claviger.image.oci;

import java.util.List;

/**
 * What {@link ImageCopier#copy} did.
 *
 * @param source descriptor of the source manifest (or index) that was copied
 * @param written descriptor of the manifest (or index) written at the destination
 * @param blobs each blob, in the order handled
 */
public record CopyResult(Descriptor source, Descriptor written, List<BlobCopy> blobs) {
  public CopyResult {
    blobs = List.copyOf(blobs);
  }

  /** One blob: as in the source, as written, and how it got there. */
  public record BlobCopy(Descriptor source, Descriptor written, ProgressListener.Outcome outcome) {}

  /** True when the destination manifest is byte-identical to the source's. */
  public boolean unchanged() {
    return source.digest().equals(written.digest());
  }
}
