package dev.claviger.evidence.tdx.internal;

import dev.claviger.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders UEFI device path nodes as upstream's eventlog crate does: {@code Pci(function,device)},
 * {@code ACPI(PNP0A03,uid)}, {@code HD(n,GPT|MBR,signature[,start,size])},
 * {@code VenMedia(GUID,hex)}, {@code File(name)}, {@code USB(port,if)}, {@code Mac(addr,0xNN)},
 * {@code IPv4(...)}, {@code FibreEx(wwn,lun)}, {@code BBS(type,desc,flags)}; other nodes
 * {@code Path(type,subtype,hex)}.
 * Bounded by the given length; a malformed node or the end node stops rendering.
 */
final class DevicePaths {
  private static final int MAX_NODES = 256;

  private DevicePaths() {}

  static List<String> render(byte[] b, int off, int len) {
    List<String> out = new ArrayList<>();
    int p = off;
    int end = off + len;
    while (p + 4 <= end && out.size() < MAX_NODES) {
      int type = b[p] & 0xff;
      int sub = b[p + 1] & 0xff;
      int nodeLen = (b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8;
      if (nodeLen < 4 || p + nodeLen > end || type == 0x7f) {
        break; // malformed, or the end-of-path node
      }
      String named = named(b, p + 4, nodeLen - 4, type, sub);
      out.add(named != null ? named : "Path(" + type + "," + sub + ","
          + Hex.encode(java.util.Arrays.copyOfRange(b, p + 4, p + nodeLen)) + ")");
      p += nodeLen;
    }
    return out;
  }

  /** The nodes upstream names (PCI, ACPI, messaging, media, BBS); null for the others. */
  private static String named(byte[] b, int off, int len, int type, int sub) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (type == 1 && sub == 1 && len >= 2) {
      return "Pci(" + (b[off] & 0xff) + "," + (b[off + 1] & 0xff) + ")";
    }
    if (type == 2 && sub == 1 && len >= 8) {
      int hid = bb.getInt(off);
      int v = hid & 0xffff;
      return "ACPI(" + (char) ('@' + (v >> 10 & 0x1f)) + (char) ('@' + (v >> 5 & 0x1f)) + (char) ('@' + (v & 0x1f))
          + String.format("%04X", hid >>> 16) + "," + Integer.toUnsignedString(bb.getInt(off + 4)) + ")";
    }
    if (type == 4 && sub == 1 && len >= 38 && (b[off + 36] == 1 || b[off + 36] == 2)) {
      long part = bb.getInt(off) & 0xffffffffL;
      String sig = b[off + 36] == 1 ? String.format("MBR,0x%08x", bb.getInt(off + 20)) : "GPT," + guid(bb, off + 20);
      String range = part == 0 ? "" : ",0x" + Long.toUnsignedString(bb.getLong(off + 4), 16)
          + ",0x" + Long.toUnsignedString(bb.getLong(off + 12), 16);
      return "HD(" + part + "," + sig + range + ")";
    }
    if (type == 4 && sub == 3 && len >= 16) {
      return "VenMedia(" + guid(bb, off) + "," + Hex.encode(java.util.Arrays.copyOfRange(b, off + 16, off + len)) + ")";
    }
    if (type == 3) {
      return messaging(b, bb, off, len, sub);
    }
    if (type == 5 && sub == 1 && len >= 4) {
      return bbs(b, bb, off, len);
    }
    if (type == 4 && sub == 4 && len >= 2 && len % 2 == 0) {
      // upstream drops the last UTF-16 unit (the NUL terminator)
      return "File(" + new String(b, off, len - 2, StandardCharsets.UTF_16LE) + ")";
    }
    return null;
  }

  private static String messaging(byte[] b, ByteBuffer bb, int off, int len, int sub) {
    if (sub == 0x05 && len >= 2) {
      return "USB(" + (b[off] & 0xff) + "," + (b[off + 1] & 0xff) + ")";
    }
    if (sub == 0x0b && len == 33) {
      // upstream: hex of the 32-byte padded address minus its last byte, trailing '0's trimmed
      String mac = Hex.encode(java.util.Arrays.copyOfRange(b, off, off + 31)).replaceAll("0+$", "");
      return "Mac(" + mac.toUpperCase(java.util.Locale.ROOT) + "," + String.format("0x%02x", b[off + 32] & 0xff) + ")";
    }
    if (sub == 0x0c && len >= 23) {
      String proto = switch (bb.getShort(off + 12) & 0xffff) {
        case 6 -> "TCP";
        case 17 -> "UDP";
        default -> "";
      };
      String kind = switch (b[off + 14] & 0xff) {
        case 0 -> "DHCP";
        case 1 -> "Static";
        default -> "";
      };
      long gw = bb.getInt(off + 15) & 0xffffffffL;
      long mask = bb.getInt(off + 19) & 0xffffffffL;
      // addresses are read as little-endian integers, so the octets print reversed, as upstream
      return "IPv4(" + ipv4(bb.getInt(off + 4)) + "," + proto + "," + kind + "," + ipv4(bb.getInt(off))
          + (gw != 0 || mask != 0 ? "," + gw + "," + mask : "") + ")";
    }
    if (sub == 0x15 && len >= 16) {
      return "FibreEx(0x" + Hex.encode(java.util.Arrays.copyOfRange(b, off, off + 8)) + ",0x"
          + Hex.encode(java.util.Arrays.copyOfRange(b, off + 8, off + 16)) + ")";
    }
    return null;
  }

  private static String ipv4(int v) {
    return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
  }

  /** BIOS boot specification node: device type, status flags, NUL-terminated UTF-8 description. */
  private static String bbs(byte[] b, ByteBuffer bb, int off, int len) {
    int devType = bb.getShort(off) & 0xffff;
    String name = switch (devType) {
      case 0x01 -> "FLOPPY";
      case 0x02 -> "HARD_DRIVE";
      case 0x03 -> "CDROM";
      case 0x04 -> "PCMCIA";
      case 0x05 -> "USB";
      case 0x06 -> "EMBEDDED_NETWORK";
      case 0x80 -> "DEV";
      case 0xff -> "UNKNOWN";
      default -> Integer.toString(devType);
    };
    int end = off + 4;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    try {
      String desc = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off + 4, end - off - 4)).toString();
      return "BBS(" + name + "," + desc + "," + (bb.getShort(off + 2) & 0xffff) + ")";
    } catch (java.nio.charset.CharacterCodingException notUtf8) {
      return null;
    }
  }

  /** EFI_GUID in registry format (first three fields little-endian), upper case. */
  private static String guid(ByteBuffer bb, int off) {
    StringBuilder s = new StringBuilder(String.format("%08X-%04X-%04X-", bb.getInt(off),
        bb.getShort(off + 4) & 0xffff, bb.getShort(off + 6) & 0xffff));
    for (int i = 8; i < 16; i++) {
      s.append(String.format("%02X", bb.get(off + i) & 0xff)).append(i == 9 ? "-" : "");
    }
    return s.toString();
  }

  static String utf8NoNul(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8).replace("\0", "");
  }
}
