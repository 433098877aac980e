package dev.claviger.evidence.nvidia.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * NVIDIA's opaque data in the MEASUREMENTS response: TLVs (type u16 LE, length u16 LE, value),
 * decoded into upstream's {@code config} claims (Trustee {@code OpaqueDataType}, named as in
 * nvtrust). Duplicate types are rejected, as upstream does; unknown types are kept as hex (upstream
 * rejects them); the VBIOS version is
 * required because it selects the reference values.
 */
public final class OpaqueData {
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(1, "cert_issuer_name"), Map.entry(2, "cert_authority_key_identifier"),
      Map.entry(3, "driver_version"), Map.entry(4, "gpu_info"), Map.entry(5, "id_sku"),
      Map.entry(6, "vbios_version"), Map.entry(7, "manufacturer_id"),
      Map.entry(8, "tamper_detection"), Map.entry(9, "smc"), Map.entry(10, "vpr"),
      Map.entry(11, "nvdec0_status"), Map.entry(12, "measurement_count"),
      Map.entry(13, "cpr_info"), Map.entry(14, "board_id"), Map.entry(15, "chip_sku"),
      Map.entry(16, "chip_sku_mod"), Map.entry(17, "project"), Map.entry(18, "project_sku"),
      Map.entry(19, "project_sku_mod"), Map.entry(20, "fwid"),
      Map.entry(21, "protected_pcie_status"), Map.entry(22, "switch_pdi"),
      Map.entry(23, "floorswept_ports"), Map.entry(24, "position_id"),
      Map.entry(25, "lock_switch_status"), Map.entry(32, "gpu_link_conn"),
      Map.entry(33, "sys_enable_status"), Map.entry(34, "opaque_data_version"),
      Map.entry(35, "chip_info"), Map.entry(36, "feature_flag"));

  private OpaqueData() {}

  /** Decodes the TLVs into the {@code config} claims object. */
  public static ObjectNode decode(byte[] opaque) throws NvidiaRejectedException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    SpdmReport.Reader r = new SpdmReport.Reader(opaque);
    while (r.pos < opaque.length) {
      if (opaque.length - r.pos < 4) {
        throw SpdmReport.malformed("opaque item header truncated");
      }
      int type = r.u16();
      byte[] v = r.bytes(r.u16());
      // Types newer than upstream's table (e.g. 26..31 on PPCIe-era firmware) are signed data
      // too; they are kept as hex under a neutral name instead of rejecting the device.
      String name = NAMES.getOrDefault(type, "opaque_data_type_" + type);
      if (out.has(name)) {
        throw SpdmReport.malformed("duplicate opaque data type " + name);
      }
      put(out, type, name, v);
    }
    // Switches report no driver version; the verifier requires it for GPUs.
    if (!out.has("vbios_version")) {
      throw SpdmReport.malformed("opaque data lacks vbios_version");
    }
    return out;
  }

  private static void put(ObjectNode out, int type, String name, byte[] v)
      throws NvidiaRejectedException {
    switch (type) {
      case 3, 15, 16, 17, 18, 35 -> out.put(name, text(v));
      case 6 -> out.put(name, vbios(v));
      case 11 -> out.put(name, nvdec(v));
      case 12 -> out.set(name, counts(v));
      case 22 -> out.set(name, pdis(v));
      case 34 -> out.put(name, new java.math.BigInteger(Long.toUnsignedString(leU64(v))));
      case 36 -> out.put(name, feature(leU64(v)));
      default -> out.put(name, HEX.formatHex(v));
    }
  }

  private static String text(byte[] v) {
    int end = v.length;
    while (end > 0 && v[end - 1] == 0) {
      end--;
    }
    return new String(v, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * GPUs: 8 binary bytes, 00 9f 00 96 01 00 00 00 → 96.00.9f.00.01 (the first half reversed, then
   * the next byte). Switches: the dotted text itself.
   */
  static String vbios(byte[] v) throws NvidiaRejectedException {
    if (isDottedText(v)) {
      return text(v);
    }
    if (v.length < 2 || v.length % 2 != 0) {
      throw SpdmReport.malformed("vbios_version of " + v.length + " bytes");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = v.length / 2 - 1; i >= 0; i--) {
      sb.append(HEX.toHexDigits(v[i])).append('.');
    }
    return sb.append(HEX.toHexDigits(v[v.length / 2])).toString();
  }

  private static boolean isDottedText(byte[] v) {
    boolean dot = false;
    for (byte c : v) {
      if (c == '.') {
        dot = true;
      } else if (c != 0 && Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return dot && v.length > 0 && v[0] != 0;
  }

  private static String nvdec(byte[] v) throws NvidiaRejectedException {
    if (v.length == 1 && (v[0] & 0xFF) == 0xAA) {
      return "enabled";
    }
    if (v.length == 1 && (v[0] & 0xFF) == 0x55) {
      return "disabled";
    }
    throw SpdmReport.malformed("invalid nvdec0_status " + HEX.formatHex(v));
  }

  private static ObjectNode counts(byte[] v) throws NvidiaRejectedException {
    if (v.length % 4 != 0 || v.length / 4 > 255) {
      throw SpdmReport.malformed("measurement_count of " + v.length + " bytes");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < v.length / 4; i++) {
      long n = (v[4 * i] & 0xFFL) | (v[4 * i + 1] & 0xFFL) << 8 | (v[4 * i + 2] & 0xFFL) << 16
          | (v[4 * i + 3] & 0xFFL) << 24;
      if (n <= Integer.MAX_VALUE) {
        out.put(Integer.toString(i + 1), (int) n);
      } else {
        out.put(Integer.toString(i + 1), n);
      }
    }
    return out;
  }

  private static ArrayNode pdis(byte[] v) throws NvidiaRejectedException {
    if (v.length % 8 != 0) {
      throw SpdmReport.malformed("switch_pdi of " + v.length + " bytes");
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < v.length; i += 8) {
      out.add(HEX.formatHex(v, i, i + 8));
    }
    return out;
  }

  private static long leU64(byte[] v) throws NvidiaRejectedException {
    if (v.length > 8) {
      throw SpdmReport.malformed("integer opaque item of " + v.length + " bytes");
    }
    long n = 0;
    for (int i = v.length - 1; i >= 0; i--) {
      n = n << 8 | (v[i] & 0xFF);
    }
    return n;
  }

  private static String feature(long flag) {
    return flag == 0 ? "SPT" : flag == 1 ? "MPT" : flag == 2 ? "PPCIE" : "unknown";
  }
}
