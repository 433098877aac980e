package dev.claviger.evidence.dcap.internal;

import java.util.Arrays;

/** Little-endian reads and slices over a byte array; callers check bounds first. */
final class Le {
  private Le() {}

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xffffffffL;
  }

  static byte[] slice(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }
}
