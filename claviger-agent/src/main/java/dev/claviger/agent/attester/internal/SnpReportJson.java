package dev.claviger.agent.attester.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Turns a 1184-byte SEV-SNP ATTESTATION_REPORT into the serde form of the virtee {@code sev} 6.3
 * {@code AttestationReport}: struct field order, byte arrays as JSON number arrays, optional
 * fields as {@code null}. The TCB layout follows {@code sev}'s generation rule: CPUID family and
 * model for v3+, the chip-id shape for v2.
 *
 * <p>The JSON form drops the reserved bytes; the verifier rebuilds the signed bytes with zeros
 * there. A report with non-zero reserved bytes could therefore never verify, so it is refused
 * here with a message rather than sent.
 */
public final class SnpReportJson {
  public static final int SIZE = 0x4A0;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SnpReportJson() {}

  /** Why a report cannot be rendered. */
  public static final class BadReportException extends Exception {
    private static final long serialVersionUID = 1L;

    BadReportException(String message) {
      super(message);
    }
  }

  public static ObjectNode render(byte[] report) throws BadReportException {
    if (report.length != SIZE) {
      throw new BadReportException("SNP report is " + report.length + " bytes, expected " + SIZE);
    }
    ByteBuffer b = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
    long version = Integer.toUnsignedLong(b.getInt(0));
    if (version < 2) {
      throw new BadReportException("SNP report version " + version + " is not supported (needs 2+)");
    }
    boolean v2 = version == 2;
    boolean v5 = version >= 5; // sev 6.3 reads every version above 4 with the v5 layout
    boolean turin = turinLayout(report, v2);
    checkReserved(report, v2, v5);
    checkTcbReserved(report, turin);
    ObjectNode o = F.objectNode();
    o.put("version", version);
    o.put("guest_svn", Integer.toUnsignedLong(b.getInt(0x004)));
    o.put("policy", u64(b, 0x008));
    o.set("family_id", bytes(report, 0x010, 16));
    o.set("image_id", bytes(report, 0x020, 16));
    o.put("vmpl", Integer.toUnsignedLong(b.getInt(0x030)));
    o.put("sig_algo", Integer.toUnsignedLong(b.getInt(0x034)));
    o.set("current_tcb", tcb(report, 0x038, turin));
    o.put("plat_info", u64(b, 0x040));
    o.put("key_info", Integer.toUnsignedLong(b.getInt(0x048)));
    o.set("report_data", bytes(report, 0x050, 64));
    o.set("measurement", bytes(report, 0x090, 48));
    o.set("host_data", bytes(report, 0x0C0, 32));
    o.set("id_key_digest", bytes(report, 0x0E0, 48));
    o.set("author_key_digest", bytes(report, 0x110, 48));
    o.set("report_id", bytes(report, 0x140, 32));
    o.set("report_id_ma", bytes(report, 0x160, 32));
    o.set("reported_tcb", tcb(report, 0x180, turin));
    String[] cpuid = {"cpuid_fam_id", "cpuid_mod_id", "cpuid_step"};
    for (int i = 0; i < cpuid.length; i++) {
      if (v2) {
        o.putNull(cpuid[i]);
      } else {
        o.put(cpuid[i], report[0x188 + i] & 0xFF);
      }
    }
    o.set("chip_id", bytes(report, 0x1A0, 64));
    o.set("committed_tcb", tcb(report, 0x1E0, turin));
    o.set("current", version(report, 0x1E8));
    o.set("committed", version(report, 0x1EC));
    o.set("launch_tcb", tcb(report, 0x1F0, turin));
    if (v5) {
      o.put("launch_mit_vector", u64(b, 0x1F8));
      o.put("current_mit_vector", u64(b, 0x200));
    } else {
      o.putNull("launch_mit_vector");
      o.putNull("current_mit_vector");
    }
    ObjectNode sig = o.putObject("signature");
    sig.set("r", bytes(report, 0x2A0, 72));
    sig.set("s", bytes(report, 0x2E8, 72));
    return o;
  }

  /** HOST_DATA (32 bytes at 0xC0). */
  public static byte[] hostData(byte[] report) throws BadReportException {
    if (report.length != SIZE) {
      throw new BadReportException("SNP report is " + report.length + " bytes, expected " + SIZE);
    }
    return Arrays.copyOfRange(report, 0x0C0, 0x0E0);
  }

  /**
   * sev 6.3 {@code Generation}: v3+ from CPUID (family 0x19 models 0x00-0x0F Milan, 0x10-0x1F and
   * 0xA0-0xAF Genoa; family 0x1A models 0x00-0x11 Turin); v2 is Turin when only the first 8 chip-id
   * bytes are set. Upstream fails a v2 report with a masked (all-zero) chip id; we read it with the
   * Milan/Genoa layout, which is what such a (pre-Turin) report uses.
   */
  static boolean turinLayout(byte[] report, boolean v2) throws BadReportException {
    if (v2) {
      boolean masked = isZero(report, 0x1A0, 0x1E0);
      return !masked && isZero(report, 0x1A8, 0x1E0);
    }
    int family = report[0x188] & 0xFF;
    int model = report[0x189] & 0xFF;
    if (family == 0x19 && (model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
      return false;
    }
    if (family == 0x1A && model <= 0x11) {
      return true;
    }
    throw new BadReportException(String.format(
        "SNP report names an unknown processor (CPUID family 0x%x model 0x%x)", family, model));
  }

  private static void checkReserved(byte[] r, boolean v2, boolean v5) throws BadReportException {
    int[][] ranges = {
        {0x04C, 0x050}, {v2 ? 0x188 : 0x18B, 0x1A0}, {0x1EB, 0x1EC}, {0x1EF, 0x1F0},
        {v5 ? 0x208 : 0x1F8, 0x2A0}, {0x330, SIZE}};
    for (int[] range : ranges) {
      if (!isZero(r, range[0], range[1])) {
        throw new BadReportException(String.format("SNP report has non-zero reserved bytes in "
            + "0x%03x..0x%03x, which upstream's JSON form cannot carry", range[0], range[1]));
      }
    }
  }

  private static void checkTcbReserved(byte[] r, boolean turin) throws BadReportException {
    for (int off : new int[] {0x038, 0x180, 0x1E0, 0x1F0}) {
      boolean zero = turin ? isZero(r, off + 4, off + 7) : isZero(r, off + 2, off + 6);
      if (!zero) {
        throw new BadReportException(String.format("SNP report TCB_VERSION at 0x%03x has non-zero "
            + "reserved bytes, which upstream's JSON form cannot carry", off));
      }
    }
  }

  private static ObjectNode tcb(byte[] r, int off, boolean turin) {
    ObjectNode t = F.objectNode();
    if (turin) {
      t.put("fmc", r[off] & 0xFF);
      t.put("bootloader", r[off + 1] & 0xFF);
      t.put("tee", r[off + 2] & 0xFF);
      t.put("snp", r[off + 3] & 0xFF);
    } else {
      t.putNull("fmc");
      t.put("bootloader", r[off] & 0xFF);
      t.put("tee", r[off + 1] & 0xFF);
      t.put("snp", r[off + 6] & 0xFF);
    }
    t.put("microcode", r[off + 7] & 0xFF);
    return t;
  }

  private static ObjectNode version(byte[] r, int off) {
    ObjectNode v = F.objectNode();
    v.put("major", r[off + 2] & 0xFF);
    v.put("minor", r[off + 1] & 0xFF);
    v.put("build", r[off] & 0xFF);
    return v;
  }

  static ArrayNode bytes(byte[] r, int off, int len) {
    ArrayNode a = F.arrayNode(len);
    for (int i = off; i < off + len; i++) {
      a.add(r[i] & 0xFF);
    }
    return a;
  }

  private static BigInteger u64(ByteBuffer b, int off) {
    return new BigInteger(Long.toUnsignedString(b.getLong(off)));
  }

  private static boolean isZero(byte[] r, int from, int to) {
    for (int i = from; i < to; i++) {
      if (r[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
