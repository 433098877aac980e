package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;
import java.util.BitSet;

/**
 * TPML_PCR_SELECTION: u32 count, then per bank u16 hashAlg, u8 sizeofSelect, and a bitmap in
 * which PCR n is bit n%8 of byte n/8.
 */
public final class PcrSelections {
  private static final int MAX_BANKS = 16;
  private static final int SIZE_OF_SELECT = 3;
  private static final int MAX_SIZE_OF_SELECT = 4;

  private PcrSelections() {}

  /** One SHA-256 bank with the given PCRs (indices below 24). */
  public static byte[] sha256(BitSet pcrs) {
    byte[] map = new byte[SIZE_OF_SELECT];
    for (int i = pcrs.nextSetBit(0); i >= 0; i = pcrs.nextSetBit(i + 1)) {
      if (i >= TpmCodes.PCR_COUNT) {
        throw new IllegalArgumentException("PCR " + i + " out of range");
      }
      map[i / 8] |= (byte) (1 << (i % 8));
    }
    return new TpmWriter().u32(1).u16(TpmCodes.ALG_SHA256).u8(SIZE_OF_SELECT).bytes(map)
        .toByteArray();
  }

  /** PCRs 0-23 of the SHA-256 bank. */
  public static BitSet all() {
    BitSet all = new BitSet();
    all.set(0, TpmCodes.PCR_COUNT);
    return all;
  }

  /**
   * Reads a selection and returns the SHA-256 PCRs in it; any other bank, or a PCR beyond 23,
   * is an answer to a question we did not ask.
   */
  public static BitSet readSha256(TpmReader r) throws TpmException {
    int count = r.u32("selection count");
    if (count < 0 || count > MAX_BANKS) {
      throw TpmException.malformed("PCR selection with " + count + " banks");
    }
    BitSet out = new BitSet();
    for (int b = 0; b < count; b++) {
      int alg = r.u16("hashAlg");
      byte[] map = r.bytes(sizeOfSelect(r), "pcrSelect");
      BitSet bits = BitSet.valueOf(map);
      if (bits.isEmpty()) {
        continue;
      }
      if (alg != TpmCodes.ALG_SHA256 || bits.length() > TpmCodes.PCR_COUNT) {
        throw TpmException.malformed("PCR selection names bank 0x" + Integer.toHexString(alg)
            + " PCRs " + bits + ", only SHA-256 PCRs 0-23 were asked for");
      }
      out.or(bits);
    }
    return out;
  }

  /** Skips a selection, checking only its bounds. */
  public static void skip(TpmReader r) throws TpmException {
    int count = r.u32("selection count");
    if (count < 0 || count > MAX_BANKS) {
      throw TpmException.malformed("PCR selection with " + count + " banks");
    }
    for (int b = 0; b < count; b++) {
      r.u16("hashAlg");
      r.bytes(sizeOfSelect(r), "pcrSelect");
    }
  }

  private static int sizeOfSelect(TpmReader r) throws TpmException {
    int n = r.u8("sizeofSelect");
    if (n > MAX_SIZE_OF_SELECT) {
      throw TpmException.malformed("sizeofSelect " + n + " > " + MAX_SIZE_OF_SELECT);
    }
    return n;
  }
}
