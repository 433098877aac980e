package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;

/** The current tar entry's content; read failures arrive already classified. */
@FunctionalInterface
public interface EntryData {
  /** Like {@link java.io.InputStream#read(byte[])}: -1 at the end of the entry. */
  int read(byte[] buffer) throws UnpackException;
}
