package dev.claviger.evidence.tdx.internal;

import dev.claviger.core.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders UEFI device path nodes as upstream does: PCI nodes {@code Pci(function,device)}, media
 * File nodes {@code File(name)}, others {@code Path(type,subtype,data)} with data as text when it
 * is printable UTF-16, else hex. Bounded by the given length; a malformed node stops rendering.
 */
final class DevicePaths {
  private static final int MAX_NODES = 256;

  /** Rendered nodes and the decoded data of the last node (upstream's {@code unicode_name}). */
  record Rendered(List<String> paths, String lastName) {}

  private DevicePaths() {}

  static Rendered render(byte[] b, int off, int len) {
    List<String> out = new ArrayList<>();
    String last = null;
    int p = off;
    int end = off + len;
    while (p + 4 <= end && out.size() < MAX_NODES) {
      int type = b[p] & 0xff;
      int sub = b[p + 1] & 0xff;
      int nodeLen = (b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8;
      if (nodeLen < 4 || p + nodeLen > end || type == 0x7f) {
        break; // malformed, or the end-of-path node
      }
      String data = recover(b, p + 4, nodeLen - 4);
      last = data;
      if (type == 1 && sub == 1 && nodeLen >= 6) {
        out.add("Pci(" + (b[p + 4] & 0xff) + "," + (b[p + 5] & 0xff) + ")");
      } else if (type == 4 && sub == 4) {
        out.add("File(" + data + ")");
      } else {
        out.add("Path(" + type + "," + sub + "," + data + ")");
      }
      p += nodeLen;
    }
    return new Rendered(out, last);
  }

  /** UTF-16LE text up to its NUL when more than 90 % printable, else lowercase hex. */
  static String recover(byte[] b, int off, int len) {
    if (len >= 2 && len % 2 == 0) {
      StringBuilder s = new StringBuilder();
      for (int i = off; i + 1 < off + len; i += 2) {
        char c = (char) ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8);
        if (c == 0) {
          break;
        }
        s.append(c);
      }
      long printable = s.chars().filter(c -> c >= 0x20 && c < 0x7f || c == ' ' || c == '\t' || c == '\n' || c == '\r').count();
      if ((double) printable / Math.max(1, s.length()) > 0.9) {
        return s.toString();
      }
    }
    return Hex.encode(java.util.Arrays.copyOfRange(b, off, off + len));
  }

  static String utf8NoNul(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8).replace("\0", "");
  }
}
