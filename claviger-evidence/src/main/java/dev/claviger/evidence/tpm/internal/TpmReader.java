package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;

/**
 * Bounded big-endian reader for TPM-marshalled structures: every read checks the remaining length
 * first, so a truncated or lying length field gives a {@link TpmFormatException}, never an index
 * exception.
 */
public final class TpmReader {
  private final byte[] buf;
  private final String what;
  private int pos;

  public TpmReader(byte[] buf, String what) {
    this.buf = buf;
    this.what = what;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return buf.length - pos;
  }

  private void need(int n, String field) throws TpmFormatException {
    if (n < 0 || n > remaining()) {
      throw new TpmFormatException(what + ": truncated at " + field + " (offset " + pos + ", need "
          + n + " bytes, have " + remaining() + ")");
    }
  }

  public int u8(String field) throws TpmFormatException {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public int u16(String field) throws TpmFormatException {
    need(2, field);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public long u32(String field) throws TpmFormatException {
    need(4, field);
    long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
        | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long u64(String field) throws TpmFormatException {
    long hi = u32(field);
    long lo = u32(field);
    return (hi << 32) | lo;
  }

  public byte[] bytes(int n, String field) throws TpmFormatException {
    need(n, field);
    byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** A TPM2B: u16 size then that many bytes, at most {@code max}. */
  public byte[] tpm2b(int max, String field) throws TpmFormatException {
    int size = u16(field + ".size");
    if (size > max) {
      throw new TpmFormatException(what + ": " + field + " size " + size + " exceeds " + max);
    }
    return bytes(size, field);
  }

  public void requireEnd() throws TpmFormatException {
    if (remaining() != 0) {
      throw new TpmFormatException(what + ": " + remaining() + " trailing bytes at offset " + pos);
    }
  }
}
