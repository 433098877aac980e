package dev.claviger.evidence.eventlog.internal;

import dev.claviger.evidence.tpm.TpmFormatException;
import java.util.Arrays;

/** Bounded little-endian reader for event logs; lengths are checked before every read. */
public final class LeReader {
  private final byte[] buf;
  private final String what;
  private int pos;

  public LeReader(byte[] buf, String what) {
    this.buf = buf;
    this.what = what;
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

  public int u8(String field) throws TpmFormatException {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public int u16(String field) throws TpmFormatException {
    need(2, field);
    int v = (buf[pos] & 0xFF) | ((buf[pos + 1] & 0xFF) << 8);
    pos += 2;
    return v;
  }

  public long u32(String field) throws TpmFormatException {
    need(4, field);
    long v = (buf[pos] & 0xFFL) | ((buf[pos + 1] & 0xFFL) << 8) | ((buf[pos + 2] & 0xFFL) << 16)
        | ((buf[pos + 3] & 0xFFL) << 24);
    pos += 4;
    return v;
  }

  public long u64(String field) throws TpmFormatException {
    long lo = u32(field);
    long hi = u32(field);
    return lo | (hi << 32);
  }

  public byte[] bytes(long n, String field) throws TpmFormatException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
    pos += (int) n;
    return out;
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
