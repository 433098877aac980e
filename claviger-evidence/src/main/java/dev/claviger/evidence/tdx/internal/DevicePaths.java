package dev.claviger.evidence.tdx.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders UEFI device path nodes as text, one string per node: media File nodes as
 * {@code File(name)} (what the default policy looks for), other nodes as
 * {@code DevicePath(type,subtype)}. Bounded by the given length; a malformed node stops rendering.
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
      if (nodeLen < 4 || p + nodeLen > end) {
        break;
      }
      if (type == 0x7f) {
        break; // end of device path
      }
      if (type == 4 && sub == 4) {
        out.add("File(" + UefiEventClaims.text(b, p + 4, nodeLen - 4) + ")");
      } else {
        out.add("DevicePath(" + type + "," + sub + ")");
      }
      p += nodeLen;
    }
    return out;
  }
}
