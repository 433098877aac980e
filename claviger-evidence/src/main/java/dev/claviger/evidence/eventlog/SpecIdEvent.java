package dev.claviger.evidence.eventlog;

import dev.claviger.evidence.tpm.internal.TpmReader;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.util.LinkedHashMap;
import java.util.Map;

/** TCG_EfiSpecIDEvent: the crypto-agile log header that declares the banks and digest sizes. */
final class SpecIdEvent {
  /** TPM_ALG_ID is 16 bits; a list longer than this cannot be sensible. */
  static final int MAX_ALGORITHMS = 16;

  private SpecIdEvent() {}

  /** Algorithm id to digest size, in declaration order. */
  static Map<Integer, Integer> digestSizes(byte[] data) throws TpmFormatException {
    TpmReader r = TpmReader.littleEndian(data, "Spec ID event");
    r.bytes(16, "signature");
    r.u32("platformClass");
    r.u8("specVersionMinor");
    r.u8("specVersionMajor");
    r.u8("specErrata");
    r.u8("uintnSize");
    long n = r.u32("numberOfAlgorithms");
    if (n == 0 || n > MAX_ALGORITHMS) {
      throw new TpmFormatException("Spec ID event declares " + n + " algorithms");
    }
    Map<Integer, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int alg = r.u16("algorithmId");
      int size = r.u16("digestSize");
      if (size == 0 || size > 64) {
        throw new TpmFormatException("Spec ID event: digest size " + size + " for algorithm 0x"
            + Integer.toHexString(alg));
      }
      TpmHashAlg known = TpmHashAlg.fromId(alg).orElse(null);
      if (known != null && known.size() != size) {
        throw new TpmFormatException("Spec ID event: " + known.label() + " declared with "
            + size + " bytes");
      }
      if (sizes.put(alg, size) != null) {
        throw new TpmFormatException("Spec ID event: algorithm 0x" + Integer.toHexString(alg)
            + " declared twice");
      }
    }
    int vendor = r.u8("vendorInfoSize");
    r.bytes(vendor, "vendorInfo");
    return sizes;
  }
}
