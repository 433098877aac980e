package dev.claviger.evidence.tdx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TDX CC event log (ACPI CCEL area): TCG2 crypto-agile format, a legacy SHA-1-format
 * {@code Spec ID Event03} header giving the digest sizes, then {@code TCG_PCR_EVENT2} records. The
 * register index is the CC measurement register: 0 = MRTD, 1..4 = RTMR0..3. Parsing stops at the
 * first all-0xFF or all-zero record header (the unused tail of the area). Every length is checked.
 */
public record CcEventLog(List<Event> events) {
  public static final int MAX_BYTES = 16 * 1024 * 1024;
  static final int MAX_EVENTS = 65_536;
  static final int MAX_EVENT_DATA = 1024 * 1024;
  public static final int ALG_SHA384 = 0x000C;

  /**
   * One event; {@code digests} maps TCG algorithm id to digest. {@code aael} is the parsed
   * Attestation Agent entry when the event is an AAEL tagged event, else {@code null}.
   */
  public record Event(int index, long type, Map<Integer, byte[]> digests, byte[] data, AaelEvent aael) {}

  public CcEventLog {
    events = List.copyOf(events);
  }

  /** Parses a log; {@link CcelFormatException} on anything malformed. */
  public static CcEventLog parse(byte[] log) throws CcelFormatException {
    if (log.length > MAX_BYTES) {
      throw new CcelFormatException("event log larger than " + MAX_BYTES + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN);
    Map<Integer, Integer> sizes = specId(b);
    List<Event> out = new ArrayList<>();
    while (b.remaining() >= 8 && !endMarker(log, b.position())) {
      if (out.size() == MAX_EVENTS) {
        throw new CcelFormatException("more than " + MAX_EVENTS + " events");
      }
      out.add(event2(b, sizes));
    }
    return new CcEventLog(out);
  }

  private static boolean endMarker(byte[] log, int p) {
    boolean ff = true;
    boolean zero = true;
    for (int i = p; i < p + 8; i++) {
      ff &= log[i] == (byte) 0xff;
      zero &= log[i] == 0;
    }
    return ff || zero;
  }

  private static Map<Integer, Integer> specId(ByteBuffer b) throws CcelFormatException {
    need(b, 32, "header event");
    b.getInt();
    long type = b.getInt() & 0xffffffffL;
    b.position(b.position() + 20);
    int size = b.getInt();
    if (type != 3 || size < 29 || size > b.remaining()) {
      throw new CcelFormatException("first event is not a Spec ID event");
    }
    byte[] ev = new byte[size];
    b.get(ev);
    if (!Arrays.equals(Arrays.copyOf(ev, 16), "Spec ID Event03\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new CcelFormatException("not a crypto-agile log (Spec ID Event03 missing)");
    }
    ByteBuffer s = ByteBuffer.wrap(ev).order(ByteOrder.LITTLE_ENDIAN);
    s.position(24);
    int n = s.getInt();
    if (n < 1 || n > 16 || s.remaining() < 4L * n) {
      throw new CcelFormatException("bad algorithm count " + n);
    }
    Map<Integer, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int alg = s.getShort() & 0xffff;
      int len = s.getShort() & 0xffff;
      if (len == 0 || len > 64) {
        throw new CcelFormatException("bad digest size " + len);
      }
      sizes.put(alg, len);
    }
    return sizes;
  }

  private static Event event2(ByteBuffer b, Map<Integer, Integer> sizes) throws CcelFormatException {
    need(b, 12, "event header");
    int index = b.getInt();
    long type = b.getInt() & 0xffffffffL;
    int count = b.getInt();
    if (count < 0 || count > sizes.size()) {
      throw new CcelFormatException("bad digest count " + count);
    }
    Map<Integer, byte[]> digests = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      need(b, 2, "digest algorithm");
      int alg = b.getShort() & 0xffff;
      Integer len = sizes.get(alg);
      if (len == null) {
        throw new CcelFormatException("digest algorithm 0x" + Integer.toHexString(alg) + " not in the header");
      }
      need(b, len, "digest");
      byte[] d = new byte[len];
      b.get(d);
      digests.put(alg, d);
    }
    need(b, 4, "event size");
    int size = b.getInt();
    if (size < 0 || size > MAX_EVENT_DATA || size > b.remaining()) {
      throw new CcelFormatException("event data size " + size + " out of bounds");
    }
    byte[] data = new byte[size];
    b.get(data);
    Event partial = new Event(index, type, digests, data, null);
    // tagged events are checked while parsing: upstream rejects a log with a malformed tag
    AaelEvent aael = AaelEvent.of(partial);
    return aael == null ? partial : new Event(index, type, digests, data, aael);
  }

  private static void need(ByteBuffer b, int n, String what) throws CcelFormatException {
    if (b.remaining() < n) {
      throw new CcelFormatException("truncated " + what);
    }
  }

  /** The AAEL entries, in log order. */
  public List<AaelEvent> aaelEvents() {
    return events.stream().filter(e -> e.aael() != null).map(Event::aael).toList();
  }

  /**
   * Every AAEL entry must be provably measured: in an RTMR register (1..4), with a SHA-384 digest
   * (the one the replay uses) and every digest equal to the hash of its event data; so must every
   * event in RTMR3 (register 4), which firmware does not use and the Attestation Agent writes by
   * default (PCR 17). Firmware events elsewhere are not held to this (their digests often cover
   * other bytes). Data or event type are not bound to the logged digest, so without these checks a
   * changed text, tag id or event type would show unmeasured text, or hide an entry from policy;
   * upstream only reports {@code digest_matches_event}. AAEL data under another event type is
   * refused for the same reason.
   */
  public void checkRuntimeEvents() throws AaelMismatchException {
    int n = 0;
    for (Event e : events) {
      n++;
      if (e.aael() == null && e.type() != TaggedEvent.EV_EVENT_TAG && AaelEvent.looksLikeAael(e.data())) {
        throw new AaelMismatchException("event " + n + " carries AAEL data as event type 0x"
            + Long.toHexString(e.type()) + ", not EV_EVENT_TAG");
      }
      if (e.aael() != null || e.index() == 4 && e.type() != 3) {
        checkMeasured(e, n);
      }
    }
  }

  private static void checkMeasured(Event e, int n) throws AaelMismatchException {
    String what = (e.aael() != null ? "AAEL event " : "RTMR3 event ") + n;
    if (e.index() < 1 || e.index() > 4 || !e.digests().containsKey(ALG_SHA384)) {
      throw new AaelMismatchException(what + " (register " + e.index() + ") carries no SHA-384 digest of an RTMR");
    }
    for (Map.Entry<Integer, byte[]> d : e.digests().entrySet()) {
      if (!MessageDigest.isEqual(d.getValue(), UefiEventClaims.hash(d.getKey(), e.data()))) {
        throw new AaelMismatchException(what + ": digest 0x" + Integer.toHexString(d.getKey())
            + " is not the hash of its event data");
      }
    }
  }

  /** RTMR0..3 after replaying every SHA-384 digest of registers 1..4 (EV_NO_ACTION skipped). */
  public byte[][] replayRtmrs() {
    byte[][] rtmr = new byte[4][48];
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-384");
      for (Event e : events) {
        byte[] d = e.digests().get(ALG_SHA384);
        if (e.index() < 1 || e.index() > 4 || d == null || e.type() == 3) {
          continue;
        }
        sha.update(rtmr[e.index() - 1]);
        sha.update(d);
        rtmr[e.index() - 1] = sha.digest();
      }
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
    return rtmr;
  }
}
