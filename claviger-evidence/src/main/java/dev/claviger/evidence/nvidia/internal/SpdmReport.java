package dev.claviger.evidence.nvidia.internal;

import dev.claviger.evidence.nvidia.NvidiaError;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An NVIDIA attestation report: SPDM 1.1 GET_MEASUREMENTS request (37 bytes) immediately followed
 * by the MEASUREMENTS response (DSP0274 1.1 §10.11) whose last 96 bytes are a raw P-384 r||s
 * signature over SHA-384 of everything before it. Unsigned bytes after the signature are ignored.
 *
 * @param requesterNonce the nonce the requester (the guest) chose: where the runtime data binds
 * @param param1 request param1 (bit 0: signature requested)
 * @param param2 request param2 (measurement operation; 0xFF = all blocks)
 * @param slotId request slot id
 * @param blocks the measurement blocks, in record order
 * @param responderNonce the device's nonce
 * @param opaque the opaque data bytes (NVIDIA TLVs)
 * @param signedLength how many leading bytes the signature covers
 * @param signature 96-byte r||s
 */
public record SpdmReport(byte[] requesterNonce, int param1, int param2, int slotId,
    List<MeasurementBlock> blocks, byte[] responderNonce, byte[] opaque, int signedLength,
    byte[] signature) {

  public static final int REQUEST_SIZE = 37;
  public static final int SIGNATURE_SIZE = 96;
  /** Far above any device's report (an H100 sends ~4 KiB); bounds the work on hostile input. */
  public static final int MAX_SIZE = 64 * 1024;
  private static final int SPDM_11 = 0x11;
  private static final int GET_MEASUREMENTS = 0xE0;
  private static final int MEASUREMENTS = 0x60;
  private static final int NONCE = 32;
  private static final int DMTF = 0x01;

  /**
   * One DMTF measurement block.
   *
   * @param index the block index (1-based on NVIDIA devices)
   * @param valueType DMTFSpecMeasurementValueType
   * @param value the measurement value (a SHA-384 digest on NVIDIA devices)
   */
  public record MeasurementBlock(int index, int valueType, byte[] value) {
    public MeasurementBlock {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  public SpdmReport {
    requesterNonce = requesterNonce.clone();
    responderNonce = responderNonce.clone();
    opaque = opaque.clone();
    signature = signature.clone();
    blocks = List.copyOf(blocks);
  }

  @Override
  public byte[] requesterNonce() {
    return requesterNonce.clone();
  }

  @Override
  public byte[] opaque() {
    return opaque.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] responderNonce() {
    return responderNonce.clone();
  }

  /**
   * Parses request || response; the signature is located by parsing, not as the last 96 bytes.
   *
   * @throws NvidiaRejectedException {@link NvidiaError#MALFORMED} for anything that does not fit
   */
  public static SpdmReport parse(byte[] b) throws NvidiaRejectedException {
    if (b.length > MAX_SIZE) {
      throw malformed("report of " + b.length + " bytes exceeds " + MAX_SIZE);
    }
    Reader r = new Reader(b);
    r.expect(SPDM_11, "request SPDMVersion");
    r.expect(GET_MEASUREMENTS, "request code");
    int param1 = r.u8();
    int param2 = r.u8();
    if ((param1 & 0x01) == 0) {
      throw malformed("request did not ask for a signature (param1=" + param1 + ")");
    }
    byte[] requesterNonce = r.bytes(NONCE);
    int slotId = r.u8();
    r.expect(SPDM_11, "response SPDMVersion");
    r.expect(MEASUREMENTS, "response code");
    r.u8();
    r.u8();
    int count = r.u8();
    int recordLength = r.u24();
    List<MeasurementBlock> blocks = parseRecord(r.bytes(recordLength), count);
    byte[] responderNonce = r.bytes(NONCE);
    byte[] opaque = r.bytes(r.u16());
    int signedLength = r.pos;
    byte[] signature = r.bytes(SIGNATURE_SIZE);
    // Bytes after the signature are covered by nothing; real captures carry some and upstream
    // ignores them, so they are ignored here too (never read as data).
    return new SpdmReport(requesterNonce, param1, param2, slotId, blocks, responderNonce, opaque,
        signedLength, signature);
  }

  private static List<MeasurementBlock> parseRecord(byte[] record, int count)
      throws NvidiaRejectedException {
    Reader r = new Reader(record);
    List<MeasurementBlock> blocks = new ArrayList<>(count);
    boolean[] seen = new boolean[256];
    for (int i = 0; i < count; i++) {
      int index = r.u8();
      if (r.u8() != DMTF) {
        throw malformed("measurement block " + index + " is not in the DMTF format");
      }
      if (seen[index]) {
        throw malformed("duplicate measurement block " + index);
      }
      seen[index] = true;
      Reader m = new Reader(r.bytes(r.u16()));
      int type = m.u8();
      byte[] value = m.bytes(m.u16());
      if (m.pos != m.b.length) {
        throw malformed("measurement block " + index + " size disagrees with its DMTF value size");
      }
      blocks.add(new MeasurementBlock(index, type, value));
    }
    if (r.pos != record.length) {
      throw malformed("measurement record longer than its " + count + " blocks");
    }
    return blocks;
  }

  static NvidiaRejectedException malformed(String detail) {
    return new NvidiaRejectedException(NvidiaError.MALFORMED, detail);
  }

  @Override
  public String toString() {
    return "SpdmReport[blocks=" + blocks.size() + ", opaque=" + opaque.length + " B]";
  }

  /** Bounds-checked little-endian cursor. */
  static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int u8() throws NvidiaRejectedException {
      need(1);
      return b[pos++] & 0xFF;
    }

    int u16() throws NvidiaRejectedException {
      need(2);
      int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
      pos += 2;
      return v;
    }

    int u24() throws NvidiaRejectedException {
      need(3);
      int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16;
      pos += 3;
      return v;
    }

    byte[] bytes(int n) throws NvidiaRejectedException {
      need(n);
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    void expect(int value, String what) throws NvidiaRejectedException {
      int got = u8();
      if (got != value) {
        throw malformed(what + " is 0x" + Integer.toHexString(got) + ", expected 0x"
            + Integer.toHexString(value));
      }
    }

    private void need(int n) throws NvidiaRejectedException {
      if (n < 0 || b.length - pos < n) {
        throw malformed("truncated at offset " + pos + " (need " + n + " more bytes)");
      }
    }
  }
}
