package dev.claviger.evidence.eventlog;

import dev.claviger.evidence.tpm.TpmHashAlg;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One Canonical Event Log record (TCG CEL 1.0, TLV encoding).
 *
 * @param recnum the record number
 * @param register PCR or CCMR (confidential-computing measurement register) record
 * @param index the register index
 * @param digests digests per bank
 * @param contentType the content TLV's type (5 PC Client, 80 COS, ...)
 * @param content the content TLV as encoded (type, length, value): COS digests cover exactly this
 */
public record CelRecord(long recnum, Register register, int index,
    Map<TpmHashAlg, byte[]> digests, int contentType, byte[] content) {

  /** Which kind of register the record extends. */
  public enum Register { PCR, CCMR }

  public CelRecord {
    EnumMap<TpmHashAlg, byte[]> copy = new EnumMap<>(TpmHashAlg.class);
    digests.forEach((k, v) -> copy.put(k, v.clone()));
    digests = Collections.unmodifiableMap(copy);
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content TLV's value (without type and length). */
  public byte[] contentValue() {
    return java.util.Arrays.copyOfRange(content, 5, content.length);
  }

  @Override
  public String toString() {
    return "CelRecord[" + recnum + ", " + register + index + ", type " + contentType + "]";
  }
}
