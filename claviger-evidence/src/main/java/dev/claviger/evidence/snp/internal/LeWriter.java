package dev.claviger.evidence.snp.internal;

/** Little-endian writes into a fixed buffer that starts zeroed (reserved fields stay zero). */
final class LeWriter {
  private final byte[] buf;

  LeWriter(int size) {
    buf = new byte[size];
  }

  void u8(int off, long v) {
    buf[off] = (byte) v;
  }

  void u32(int off, long v) {
    for (int i = 0; i < 4; i++) {
      buf[off + i] = (byte) (v >>> (8 * i));
    }
  }

  void u64(int off, long v) {
    for (int i = 0; i < 8; i++) {
      buf[off + i] = (byte) (v >>> (8 * i));
    }
  }

  void put(int off, byte[] b) {
    System.arraycopy(b, 0, buf, off, b.length);
  }

  byte[] bytes() {
    return buf;
  }
}
