package dev.claviger.image.crypt;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown from a decrypting {@link java.io.InputStream} at end of stream when the HMAC or the digest
 * check fails. Everything the stream returned before is <b>poison</b>: the caller must discard it
 * (delete the temp file, drop the unpacked tree). {@link #failure()} carries the typed reason.
 */
public final class LayerIntegrityIOException extends IOException {
  private static final long serialVersionUID = 1L;

  public LayerIntegrityIOException(ImageCryptException failure) {
    super(Objects.requireNonNull(failure, "failure").getMessage(), failure);
  }

  /** The typed check that failed. */
  public ImageCryptException failure() {
    return (ImageCryptException) getCause();
  }
}
