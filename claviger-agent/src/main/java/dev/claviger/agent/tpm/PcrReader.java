package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.PcrSelections;
import dev.claviger.agent.tpm.internal.TpmCodes;
import dev.claviger.agent.tpm.internal.TpmReader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Reads all 24 SHA-256 PCRs. TPM2_PCR_Read returns at most 8 digests per call and says in
 * {@code pcrSelectionOut} which ones; the reader asks again for the rest. Each answer carries
 * the PCR update counter: if it moves between calls a PCR was extended mid-read and the values
 * would mix two states, so the read starts over.
 */
final class PcrReader {
  private static final int MAX_DIGESTS_PER_READ = 8;
  private static final int MAX_ATTEMPTS = 3;

  private final Tpm tpm;

  PcrReader(Tpm tpm) {
    this.tpm = tpm;
  }

  List<byte[]> readAll() throws TpmException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[][] values = readOnce();
      if (values != null) {
        List<byte[]> out = new ArrayList<>(values.length);
        for (byte[] v : values) {
          out.add(Objects.requireNonNull(v));
        }
        return List.copyOf(out);
      }
    }
    throw TpmException.unsuitable("PCRs changed during each of " + MAX_ATTEMPTS + " reads");
  }

  /** All values from one update-counter epoch, or null when the counter moved. */
  private byte[][] readOnce() throws TpmException {
    byte[][] values = new byte[TpmCodes.PCR_COUNT][];
    BitSet missing = PcrSelections.all();
    Integer epoch = null;
    while (!missing.isEmpty()) {
      TpmReader r = tpm.run("TPM2_PCR_Read", TpmCodes.CC_PCR_READ, new int[0], false,
          PcrSelections.sha256(missing), 0).parameters();
      int counter = r.u32("pcrUpdateCounter");
      BitSet got = PcrSelections.readSha256(r);
      int count = r.u32("digest count");
      if (count != got.cardinality() || count > MAX_DIGESTS_PER_READ) {
        throw TpmException.malformed("TPM2_PCR_Read: " + count + " digests for selection "
            + got);
      }
      BitSet unasked = (BitSet) got.clone();
      unasked.andNot(missing);
      if (!unasked.isEmpty()) {
        throw TpmException.malformed("TPM2_PCR_Read returned PCRs " + unasked
            + " that were not asked for");
      }
      if (got.isEmpty()) {
        throw TpmException.unsuitable("the TPM returned no SHA-256 PCRs " + missing
            + " (is the SHA-256 bank allocated?)");
      }
      for (int i = got.nextSetBit(0); i >= 0; i = got.nextSetBit(i + 1)) {
        values[i] = r.tpm2b(TpmCodes.SHA256_SIZE, "PCR " + i);
        if (values[i].length != TpmCodes.SHA256_SIZE) {
          throw TpmException.malformed("TPM2_PCR_Read: SHA-256 PCR " + i + " has "
              + values[i].length + " bytes");
        }
      }
      r.expectEnd();
      if (epoch != null && epoch != counter) {
        return null;
      }
      epoch = counter;
      missing.andNot(got);
    }
    return values;
  }
}
