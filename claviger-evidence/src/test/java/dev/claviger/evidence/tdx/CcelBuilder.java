package dev.claviger.evidence.tdx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a TDX CC event log byte by byte as the guest produces it (Spec ID header with SHA-384,
 * TCG_PCR_EVENT2 records, 8-byte 0xFF end marker) and computes the RTMRs its events extend to,
 * independently of the parser under test.
 */
final class CcelBuilder {
  /** A synthetic log and the RTMRs its events extend to. */
  record Log(byte[] bytes, byte[][] rtmrs, int aaelStart) {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final byte[][] rtmr = new byte[4][48];
  private int aaelStart = -1;

  CcelBuilder() {
    ByteBuffer spec = le(33);
    spec.put("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII)).putInt(0).put((byte) 0)
        .put((byte) 2).put((byte) 0).put((byte) 2).putInt(1).putShort((short) 0x0C).putShort((short) 48)
        .put((byte) 0);
    ByteBuffer header = le(32 + 33).putInt(0).putInt(3).put(new byte[20]).putInt(33).put(spec.array());
    out.writeBytes(header.array());
  }

  /** A measured event: the digest is extended into the register's RTMR. */
  CcelBuilder event(int index, int type, byte[] data) {
    byte[] d = sha384(data);
    extend(index, d);
    return raw(index, type, List.of(d), data);
  }

  CcelBuilder aael(String text) {
    return aael(4, text);
  }

  CcelBuilder aael(int index, String text) {
    if (aaelStart < 0) {
      aaelStart = out.size();
    }
    return event(index, 6, tagged(text.getBytes(StandardCharsets.UTF_8)));
  }

  CcelBuilder raw(int index, int type, List<byte[]> sha384Digests, byte[] data) {
    ByteBuffer b = le(12 + sha384Digests.size() * 50 + 4 + data.length).putInt(index).putInt(type)
        .putInt(sha384Digests.size());
    sha384Digests.forEach(d -> b.putShort((short) 0x0C).put(d));
    out.writeBytes(b.putInt(data.length).put(data).array());
    return this;
  }

  void extend(int index, byte[] digest) {
    if (index >= 1 && index <= 4) {
      rtmr[index - 1] = sha384(concat(rtmr[index - 1], digest));
    }
  }

  Log build() {
    byte[] marker = new byte[8];
    Arrays.fill(marker, (byte) 0xff);
    out.writeBytes(marker);
    return new Log(out.toByteArray(), rtmr, aaelStart);
  }

  static ByteBuffer le(int n) {
  return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] tagged(byte[] text) {
  return le(8 + text.length).putInt(0x4141454C).putInt(text.length).put(text).array();
  }

  private static byte[] sha384(byte[] b) {
  try {
    return MessageDigest.getInstance("SHA-384").digest(b);
  } catch (java.security.NoSuchAlgorithmException e) {
    throw new IllegalStateException(e);
  }
  }

  private static byte[] concat(byte[] a, byte[] b) {
  byte[] r = Arrays.copyOf(a, a.length + b.length);
  System.arraycopy(b, 0, r, a.length, b.length);
  return r;
  }
}
