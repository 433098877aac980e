package dev.claviger.evidence.eventlog;

import dev.claviger.evidence.tpm.TpmHashAlg;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One measured event: the PCR it extended, its type, its digest per bank, and its event data.
 *
 * @param index position in the log (0-based; the Spec ID header of a crypto-agile log is 0)
 * @param pcr the PCR index (for a CEL CCMR record: the CC measurement register index)
 * @param type the TCG event type ({@link EventTypes})
 * @param digests digests per supported bank (banks we do not know, e.g. SM3, are skipped)
 * @param data the event data as logged
 */
public record TcgEvent(int index, int pcr, long type, Map<TpmHashAlg, byte[]> digests,
    byte[] data) {

  public TcgEvent {
    EnumMap<TpmHashAlg, byte[]> copy = new EnumMap<>(TpmHashAlg.class);
    digests.forEach((k, v) -> copy.put(k, v.clone()));
    digests = Collections.unmodifiableMap(copy);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public Optional<byte[]> digest(TpmHashAlg alg) {
    byte[] d = digests.get(alg);
    return d == null ? Optional.empty() : Optional.of(d.clone());
  }

  /**
   * Whether the bank's digest is the hash of the event data, or of the data without a trailing
   * NUL (boot loaders log C strings but measure them without the terminator). Only such events'
   * data can be believed; for others (e.g. PE images) the digest covers something not in the log.
   */
  public boolean dataMatchesDigest(TpmHashAlg alg) {
    byte[] d = digests.get(alg);
    if (d == null) {
      return false;
    }
    if (MessageDigest.isEqual(alg.digest(data), d)) {
      return true;
    }
    return data.length > 0 && data[data.length - 1] == 0
        && MessageDigest.isEqual(alg.digest(Arrays.copyOf(data, data.length - 1)), d);
  }

  @Override
  public String toString() {
    return "TcgEvent[" + index + ", pcr=" + pcr + ", " + EventTypes.name(type) + ", "
        + data.length + " bytes]";
  }
}
