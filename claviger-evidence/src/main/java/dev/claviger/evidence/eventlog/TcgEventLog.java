package dev.claviger.evidence.eventlog;

import dev.claviger.evidence.tpm.internal.TpmReader;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A TCG PC Client Platform Firmware Profile event log: the legacy SHA-1 format (TCG_PCR_EVENT
 * records) or the crypto-agile format (a TCG_PCR_EVENT "Spec ID Event03" header, then
 * TCG_PCR_EVENT2 records with one digest per bank). All integers little-endian. Immutable.
 *
 * <p>Replay follows PFP 1.05 §10.2.1: every bank starts at zero, EV_NO_ACTION events are not
 * extended, and a "StartupLocality" EV_NO_ACTION event sets PCR 0's initial value to the locality.
 */
public final class TcgEventLog {
  /** Larger than any firmware log we have seen (50 KB) by far, small enough to hold in memory. */
  public static final int MAX_LOG_BYTES = 16 * 1024 * 1024;
  public static final int MAX_EVENTS = 100_000;
  /** Per-event data bound (UEFI variables such as db/dbx are tens of KB). */
  public static final int MAX_EVENT_DATA = 1024 * 1024;
  /** PC Client TPMs have 24 PCRs. */
  public static final int PCR_COUNT = 24;

  static final byte[] SPEC_ID = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
  static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

  private final boolean cryptoAgile;
  private final Map<Integer, Integer> specDigestSizes;
  private final List<TcgEvent> events;
  private final int startupLocality;

  private TcgEventLog(boolean cryptoAgile, Map<Integer, Integer> sizes, List<TcgEvent> events,
      int startupLocality) {
    this.cryptoAgile = cryptoAgile;
    this.specDigestSizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    this.events = List.copyOf(events);
    this.startupLocality = startupLocality;
  }

  /** Parses a log; trailing padding (all 0x00 or all 0xFF) after the last event is ignored. */
  public static TcgEventLog parse(byte[] log) throws TpmFormatException {
    if (log.length > MAX_LOG_BYTES) {
      throw new TpmFormatException("event log of " + log.length + " bytes exceeds "
          + MAX_LOG_BYTES);
    }
    TpmReader r = TpmReader.littleEndian(log, "event log");
    TcgEvent first = legacyEvent(r, 0);
    Map<Integer, Integer> sizes = new LinkedHashMap<>();
    boolean agile = first.type() == EventTypes.EV_NO_ACTION && first.pcr() == 0
        && startsWith(first.data(), SPEC_ID);
    if (agile) {
      sizes = SpecIdEvent.digestSizes(first.data());
    }
    List<TcgEvent> events = new ArrayList<>();
    events.add(first);
    int locality = -1;
    while (!r.restIsPadding()) {
      if (events.size() >= MAX_EVENTS) {
        throw new TpmFormatException("event log has more than " + MAX_EVENTS + " events");
      }
      TcgEvent e = agile ? agileEvent(r, events.size(), sizes) : legacyEvent(r, events.size());
      if (e.type() == EventTypes.EV_NO_ACTION && e.pcr() == 0
          && startsWith(e.data(), STARTUP_LOCALITY)) {
        locality = startupLocality(e.data());
      }
      events.add(e);
    }
    return new TcgEventLog(agile, sizes, events, locality);
  }

  private static TcgEvent legacyEvent(TpmReader r, int index) throws TpmFormatException {
    int pcr = pcr(r);
    long type = r.u32("eventType");
    byte[] sha1 = r.bytes(20, "digest");
    byte[] data = r.bytes(dataSize(r), "event");
    return new TcgEvent(index, pcr, type, Map.of(TpmHashAlg.SHA1, sha1), data);
  }

  private static TcgEvent agileEvent(TpmReader r, int index, Map<Integer, Integer> sizes)
      throws TpmFormatException {
    int pcr = pcr(r);
    long type = r.u32("eventType");
    long count = r.u32("digests.count");
    if (count > sizes.size()) {
      throw new TpmFormatException("event " + index + ": " + count + " digests but the log has "
          + sizes.size() + " banks");
    }
    EnumMap<TpmHashAlg, byte[]> digests = new EnumMap<>(TpmHashAlg.class);
    for (int i = 0; i < count; i++) {
      int alg = r.u16("digests.hashAlg");
      Integer size = sizes.get(alg);
      if (size == null) {
        throw new TpmFormatException("event " + index + ": digest algorithm 0x"
            + Integer.toHexString(alg) + " not declared in the Spec ID event");
      }
      byte[] d = r.bytes(size, "digest");
      Optional<TpmHashAlg> known = TpmHashAlg.fromId(alg);
      if (known.isPresent() && digests.put(known.get(), d) != null) {
        throw new TpmFormatException("event " + index + ": duplicate digest for "
            + known.get().label());
      }
    }
    byte[] data = r.bytes(dataSize(r), "event");
    return new TcgEvent(index, pcr, type, digests, data);
  }

  private static int pcr(TpmReader r) throws TpmFormatException {
    long pcr = r.u32("pcrIndex");
    if (pcr >= PCR_COUNT) {
      throw new TpmFormatException("PCR index " + pcr + " at offset " + (r.position() - 4)
          + " is not a PC Client PCR");
    }
    return (int) pcr;
  }

  private static long dataSize(TpmReader r) throws TpmFormatException {
    long size = r.u32("eventSize");
    if (size > MAX_EVENT_DATA) {
      throw new TpmFormatException("event data of " + size + " bytes exceeds " + MAX_EVENT_DATA);
    }
    return size;
  }

  private static int startupLocality(byte[] data) throws TpmFormatException {
    if (data.length != STARTUP_LOCALITY.length + 1) {
      throw new TpmFormatException("StartupLocality event of " + data.length + " bytes");
    }
    return data[data.length - 1] & 0xFF;
  }

  static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Whether this is a crypto-agile log (else the legacy SHA-1 format). */
  public boolean cryptoAgile() {
    return cryptoAgile;
  }

  /** All events in log order, including the Spec ID header and other EV_NO_ACTION events. */
  public List<TcgEvent> events() {
    return events;
  }

  /** Banks the log carries: those declared in the Spec ID event, or SHA-1 for a legacy log. */
  public List<TpmHashAlg> banks() {
    if (!cryptoAgile) {
      return List.of(TpmHashAlg.SHA1);
    }
    List<TpmHashAlg> out = new ArrayList<>();
    specDigestSizes.keySet().forEach(id -> TpmHashAlg.fromId(id).ifPresent(out::add));
    return out;
  }

  /** The locality from a StartupLocality event, if the log has one. */
  public Optional<Integer> startupLocality() {
    return startupLocality < 0 ? Optional.empty() : Optional.of(startupLocality);
  }

  /**
   * Replays one bank: the final value of every PCR the log extends (PCRs it never extends are
   * absent).
   *
   * @throws TpmFormatException the log does not carry this bank, or an event lacks its digest
   */
  public Map<Integer, byte[]> replay(TpmHashAlg alg) throws TpmFormatException {
    if (!banks().contains(alg)) {
      throw new TpmFormatException("event log has no " + alg.label() + " bank");
    }
    TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
    for (TcgEvent e : events) {
      if (e.type() == EventTypes.EV_NO_ACTION) {
        continue;
      }
      byte[] d = e.digests().get(alg);
      if (d == null) {
        throw new TpmFormatException("event " + e.index() + " has no " + alg.label() + " digest");
      }
      byte[] cur = pcrs.computeIfAbsent(e.pcr(), p -> initial(alg, p));
      var md = alg.newDigest();
      md.update(cur);
      md.update(d);
      pcrs.put(e.pcr(), md.digest());
    }
    return Collections.unmodifiableMap(pcrs);
  }

  private byte[] initial(TpmHashAlg alg, int pcr) {
    byte[] v = new byte[alg.size()];
    if (pcr == 0 && startupLocality > 0) {
      v[v.length - 1] = (byte) startupLocality;
    }
    return v;
  }
}
