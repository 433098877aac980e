package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.util.ArrayList;
import java.util.List;

/**
 * TPML_PCR_SELECTION: per bank a hash algorithm and a bitmap (PCR n = bit n%8 of byte n/8).
 *
 * @param banks the selections in wire order; the quote's PCR digest covers them in this order
 */
public record PcrSelection(List<Bank> banks) {
  /** TPM 2.0 PC Client TPMs have 24 PCRs; a bitmap longer than 4 bytes names PCRs nobody has. */
  public static final int MAX_SELECT_BYTES = 4;
  /** One bank per supported hash is all a TPM can quote; more is a malformed list. */
  public static final int MAX_BANKS = 16;

  /**
   * One bank's selection.
   *
   * @param alg the bank
   * @param pcrs selected PCR indices, ascending (the order their values are digested in)
   */
  public record Bank(TpmHashAlg alg, List<Integer> pcrs) {
    public Bank {
      pcrs = List.copyOf(pcrs);
    }
  }

  public PcrSelection {
    banks = List.copyOf(banks);
  }

  static PcrSelection parse(TpmReader r) throws TpmFormatException {
    long count = r.u32("pcrSelect.count");
    if (count > MAX_BANKS) {
      throw new TpmFormatException("TPML_PCR_SELECTION: " + count + " banks exceed " + MAX_BANKS);
    }
    List<Bank> banks = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int algId = r.u16("pcrSelect.hash");
      TpmHashAlg alg = TpmHashAlg.fromId(algId).orElseThrow(() -> new TpmFormatException(
          "TPML_PCR_SELECTION: unsupported bank algorithm 0x" + Integer.toHexString(algId)));
      int size = r.u8("pcrSelect.sizeofSelect");
      if (size > MAX_SELECT_BYTES) {
        throw new TpmFormatException("TPML_PCR_SELECTION: sizeofSelect " + size + " exceeds "
            + MAX_SELECT_BYTES);
      }
      byte[] bitmap = r.bytes(size, "pcrSelect.bitmap");
      List<Integer> pcrs = new ArrayList<>();
      for (int i = 0; i < size * 8; i++) {
        if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
          pcrs.add(i);
        }
      }
      banks.add(new Bank(alg, pcrs));
    }
    return new PcrSelection(banks);
  }

  /** Total number of selected PCRs over all banks. */
  public int count() {
    return banks.stream().mapToInt(b -> b.pcrs().size()).sum();
  }
}
