package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;
import java.util.Arrays;

/**
 * Bounded big-endian reader over a slice of a TPM response. Every read checks the remaining
 * length first; running short is a {@link TpmException.Kind#MALFORMED_RESPONSE}.
 */
public final class TpmReader {
  private final byte[] buf;
  private final String what;
  private final int end;
  private int pos;

  public TpmReader(byte[] buf, int offset, int length, String what) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IllegalArgumentException("slice out of range");
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
    this.what = what;
  }

  public static TpmReader of(byte[] buf, String what) {
    return new TpmReader(buf, 0, buf.length, what);
  }

  private void need(int n, String field) throws TpmException {
    if (n < 0 || end - pos < n) {
      throw TpmException.malformed(what + ": " + field + " needs " + n + " bytes, "
          + (end - pos) + " left");
    }
  }

  public int u8(String field) throws TpmException {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public int u16(String field) throws TpmException {
    need(2, field);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public int u32(String field) throws TpmException {
    need(4, field);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
        | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long u64(String field) throws TpmException {
    long hi = u32(field) & 0xFFFFFFFFL;
    return (hi << 32) | (u32(field) & 0xFFFFFFFFL);
  }

  public byte[] bytes(int n, String field) throws TpmException {
    need(n, field);
    byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  /** A TPM2B whose size must not exceed {@code max}. */
  public byte[] tpm2b(int max, String field) throws TpmException {
    int n = u16(field + " size");
    if (n > max) {
      throw TpmException.malformed(what + ": " + field + " is " + n + " bytes, limit " + max);
    }
    return bytes(n, field);
  }

  /** A sub-reader over the next {@code n} bytes, which this reader skips. */
  public TpmReader slice(int n, String field) throws TpmException {
    need(n, field);
    TpmReader r = new TpmReader(buf, pos, n, what + " " + field);
    pos += n;
    return r;
  }

  public int position() {
    return pos;
  }

  /** Bytes {@code [from, position())} of the underlying buffer (raw marshalled form). */
  public byte[] since(int from) {
    return Arrays.copyOfRange(buf, from, pos);
  }

  public int remaining() {
    return end - pos;
  }

  public void expectEnd() throws TpmException {
    if (pos != end) {
      throw TpmException.malformed(what + ": " + (end - pos) + " unexpected trailing bytes");
    }
  }
}
