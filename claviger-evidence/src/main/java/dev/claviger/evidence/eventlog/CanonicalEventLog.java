package dev.claviger.evidence.eventlog;

import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TCG Canonical Event Log in TLV encoding (type u8, length u32 big-endian, value), as
 * Confidential Space / COS launchers write it: per record a RECNUM, a PCR or CCMR index, a DIGESTS
 * list (nested TLVs typed by TPM_ALG_ID) and one content TLV. Immutable.
 */
public final class CanonicalEventLog {
  public static final int T_RECNUM = 0;
  public static final int T_PCR = 1;
  public static final int T_DIGESTS = 3;
  /** go-tpm-tools' type for a CC measurement register index. */
  public static final int T_CCMR = 108;
  /** go-tpm-tools' COS content type; its digest is over the whole content TLV. */
  public static final int T_COS = 80;
  public static final int MAX_LOG_BYTES = 16 * 1024 * 1024;
  public static final int MAX_RECORDS = 100_000;

  private final List<CelRecord> records;

  private CanonicalEventLog(List<CelRecord> records) {
    this.records = List.copyOf(records);
  }

  public List<CelRecord> records() {
    return records;
  }

  /** Parses a CEL; record numbers must count up from 0 and every COS digest must match. */
  public static CanonicalEventLog parse(byte[] cel) throws TpmFormatException {
    if (cel.length > MAX_LOG_BYTES) {
      throw new TpmFormatException("CEL of " + cel.length + " bytes exceeds " + MAX_LOG_BYTES);
    }
    Tlv.Reader r = new Tlv.Reader(cel);
    List<CelRecord> out = new ArrayList<>();
    while (r.hasMore()) {
      if (out.size() >= MAX_RECORDS) {
        throw new TpmFormatException("CEL has more than " + MAX_RECORDS + " records");
      }
      CelRecord rec = record(r, out.size());
      checkContentDigest(rec);
      out.add(rec);
    }
    return new CanonicalEventLog(out);
  }

  private static CelRecord record(Tlv.Reader r, int expected) throws TpmFormatException {
    Tlv recnum = r.next();
    if (recnum.type() != T_RECNUM || recnum.value().length != 8) {
      throw new TpmFormatException("CEL record " + expected + ": expected an 8-byte RECNUM");
    }
    long n = Tlv.be(recnum.value());
    if (n != expected) {
      throw new TpmFormatException("CEL record number " + n + " where " + expected
          + " was expected (records missing or reordered)");
    }
    Tlv idx = r.next();
    CelRecord.Register reg = switch (idx.type()) {
      case T_PCR -> CelRecord.Register.PCR;
      case T_CCMR -> CelRecord.Register.CCMR;
      default -> throw new TpmFormatException("CEL record " + n + ": unsupported index type "
          + idx.type());
    };
    if (idx.value().length == 0 || idx.value().length > 4) {
      throw new TpmFormatException("CEL record " + n + ": index of " + idx.value().length
          + " bytes");
    }
    int index = (int) Tlv.be(idx.value());
    if (index >= TcgEventLog.PCR_COUNT) {
      throw new TpmFormatException("CEL record " + n + ": register index " + index);
    }
    Tlv digests = r.next();
    if (digests.type() != T_DIGESTS) {
      throw new TpmFormatException("CEL record " + n + ": expected DIGESTS");
    }
    Map<TpmHashAlg, byte[]> d = digests(digests.value(), n);
    Tlv content = r.next();
    return new CelRecord(n, reg, index, d, content.type(), content.encoded());
  }

  private static Map<TpmHashAlg, byte[]> digests(byte[] value, long n) throws TpmFormatException {
    EnumMap<TpmHashAlg, byte[]> out = new EnumMap<>(TpmHashAlg.class);
    Tlv.Reader r = new Tlv.Reader(value);
    while (r.hasMore()) {
      Tlv t = r.next();
      TpmHashAlg alg = TpmHashAlg.fromId(t.type()).orElseThrow(() -> new TpmFormatException(
          "CEL record " + n + ": unsupported digest algorithm " + t.type()));
      if (t.value().length != alg.size()) {
        throw new TpmFormatException("CEL record " + n + ": " + alg.label() + " digest of "
            + t.value().length + " bytes");
      }
      if (out.put(alg, t.value()) != null) {
        throw new TpmFormatException("CEL record " + n + ": duplicate " + alg.label());
      }
    }
    if (out.isEmpty()) {
      throw new TpmFormatException("CEL record " + n + ": no digests");
    }
    return out;
  }

  private static void checkContentDigest(CelRecord rec) throws TpmFormatException {
    if (rec.contentType() != T_COS) {
      return;
    }
    for (Map.Entry<TpmHashAlg, byte[]> e : rec.digests().entrySet()) {
      if (!MessageDigest.isEqual(e.getKey().digest(rec.content()), e.getValue())) {
        throw new TpmFormatException("CEL record " + rec.recnum() + ": " + e.getKey().label()
            + " digest does not match its content");
      }
    }
  }

  /** Replays one bank over one register kind: final value per index extended. */
  public Map<Integer, byte[]> replay(CelRecord.Register register, TpmHashAlg alg)
      throws TpmFormatException {
    TreeMap<Integer, byte[]> regs = new TreeMap<>();
    for (CelRecord rec : records) {
      if (rec.register() != register) {
        continue;
      }
      byte[] d = rec.digests().get(alg);
      if (d == null) {
        throw new TpmFormatException("CEL record " + rec.recnum() + " has no " + alg.label());
      }
      byte[] cur = regs.computeIfAbsent(rec.index(), i -> new byte[alg.size()]);
      MessageDigest md = alg.newDigest();
      md.update(cur);
      md.update(d);
      regs.put(rec.index(), md.digest());
    }
    return Collections.unmodifiableMap(regs);
  }

  /** TLV (type u8, length u32 BE, value). */
  record Tlv(int type, byte[] value) {
    static final int MAX_VALUE = 1024 * 1024;

    byte[] encoded() {
      byte[] out = new byte[5 + value.length];
      out[0] = (byte) type;
      out[1] = (byte) (value.length >>> 24);
      out[2] = (byte) (value.length >>> 16);
      out[3] = (byte) (value.length >>> 8);
      out[4] = (byte) value.length;
      System.arraycopy(value, 0, out, 5, value.length);
      return out;
    }

    static long be(byte[] v) {
      long x = 0;
      for (byte b : v) {
        x = (x << 8) | (b & 0xFF);
      }
      return x;
    }

    static final class Reader {
      private final byte[] buf;
      private int pos;

      Reader(byte[] buf) {
        this.buf = buf;
      }

      boolean hasMore() {
        return pos < buf.length;
      }

      Tlv next() throws TpmFormatException {
        if (buf.length - pos < 5) {
          throw new TpmFormatException("CEL: truncated TLV header at offset " + pos);
        }
        int type = buf[pos] & 0xFF;
        long len = Tlv.be(Arrays.copyOfRange(buf, pos + 1, pos + 5));
        if (len > MAX_VALUE || len > buf.length - pos - 5) {
          throw new TpmFormatException("CEL: TLV length " + len + " at offset " + pos
              + " exceeds the data");
        }
        byte[] v = Arrays.copyOfRange(buf, pos + 5, pos + 5 + (int) len);
        pos += 5 + (int) len;
        return new Tlv(type, v);
      }
    }
  }
}
