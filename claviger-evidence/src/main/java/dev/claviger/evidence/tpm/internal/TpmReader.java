package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;
import java.util.Arrays;

/**
 * Bounded reader for TPM-marshalled structures (big-endian) and TCG event logs (little-endian):
 * every read checks the remaining length first, so a truncated or lying length field gives a
 * {@link TpmFormatException}, never an index exception.
 */
public final class TpmReader {
  private final byte[] buf;
  private final String what;
  private final boolean littleEndian;
  private int pos;

  /** A big-endian reader, as TPM 2.0 marshals its structures. */
  public TpmReader(byte[] buf, String what) {
    this(buf, what, false);
  }

  private TpmReader(byte[] buf, String what, boolean littleEndian) {
    this.buf = buf;
    this.what = what;
    this.littleEndian = littleEndian;
  }

  /** A little-endian reader, as TCG PC Client event logs are written. */
  public static TpmReader littleEndian(byte[] buf, String what) {
    return new TpmReader(buf, what, true);
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return buf.length - pos;
  }

  private void need(long n, String field) throws TpmFormatException {
    if (n < 0 || n > remaining()) {
      throw new TpmFormatException(what + ": truncated at " + field + " (offset " + pos + ", need "
          + n + " bytes, have " + remaining() + ")");
    }
  }

  private long unsigned(int width, String field) throws TpmFormatException {
    need(width, field);
    long v = 0;
    for (int i = 0; i < width; i++) {
      int b = buf[pos + (littleEndian ? width - 1 - i : i)] & 0xFF;
      v = (v << 8) | b;
    }
    pos += width;
    return v;
  }

  public int u8(String field) throws TpmFormatException {
    return (int) unsigned(1, field);
  }

  public int u16(String field) throws TpmFormatException {
    return (int) unsigned(2, field);
  }

  public long u32(String field) throws TpmFormatException {
    return unsigned(4, field);
  }

  public long u64(String field) throws TpmFormatException {
    return unsigned(8, field);
  }

  public byte[] bytes(long n, String field) throws TpmFormatException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
    pos += (int) n;
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

  /** True when everything left is padding (all 0x00 or all 0xFF), as firmware buffers end. */
  public boolean restIsPadding() {
    if (remaining() == 0) {
      return true;
    }
    byte first = buf[pos];
    if (first != 0 && first != (byte) 0xFF) {
      return false;
    }
    for (int i = pos; i < buf.length; i++) {
      if (buf[i] != first) {
        return false;
      }
    }
    return true;
  }
}
