package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;

/**
 * Carries one marshalled command to the TPM and returns the raw response. Implementations check
 * only framing (the header's size against {@link CommandFrame#MAX_RESPONSE} and the bytes
 * actually read); the client parses the rest. Not thread-safe: one command at a time.
 */
public interface TpmTransport extends AutoCloseable {

  byte[] transact(byte[] command) throws TpmException;

  @Override
  void close();

  /** The response size from a header, checked before anything more is read. */
  static int responseSize(byte[] header) throws TpmException {
    long size = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16)
        | ((header[4] & 0xFFL) << 8) | (header[5] & 0xFFL);
    if (size < CommandFrame.HEADER || size > CommandFrame.MAX_RESPONSE) {
      throw TpmException.malformed("response header announces " + size + " bytes (allowed "
          + CommandFrame.HEADER + ".." + CommandFrame.MAX_RESPONSE + ")");
    }
    return (int) size;
  }
}
