package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmHashAlg;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** PCR values a verified quote vouches for, by bank and index. Immutable. */
public final class QuotedPcrs {
  private final Map<TpmHashAlg, Map<Integer, byte[]>> banks;

  QuotedPcrs(Map<TpmHashAlg, TreeMap<Integer, byte[]>> banks) {
    EnumMap<TpmHashAlg, Map<Integer, byte[]>> copy = new EnumMap<>(TpmHashAlg.class);
    banks.forEach((alg, m) -> copy.put(alg, Collections.unmodifiableMap(new TreeMap<>(m))));
    this.banks = Collections.unmodifiableMap(copy);
  }

  /** The quoted banks and their values (indices ascending). Do not modify the arrays. */
  public Map<TpmHashAlg, Map<Integer, byte[]>> banks() {
    return banks;
  }

  /** A copy of one quoted PCR value. */
  public Optional<byte[]> value(TpmHashAlg alg, int index) {
    Map<Integer, byte[]> bank = banks.get(alg);
    byte[] v = bank == null ? null : bank.get(index);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }
}
