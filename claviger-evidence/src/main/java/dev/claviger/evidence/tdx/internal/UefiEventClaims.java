package dev.claviger.evidence.tdx.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Upstream's {@code uefi_event_logs} claim: one object per event with {@code index},
 * {@code type_name}, {@code digests [{alg, digest}]}, {@code event} (std base64 of the data),
 * {@code digest_matches_event} and {@code details}. Details are decoded for the events the default
 * policy reads: boot-services applications ({@code device_paths}, File nodes named
 * {@code File(name)}), tagged events and firmware blobs ({@code string}).
 */
public final class UefiEventClaims {
  private UefiEventClaims() {}

  public static ArrayNode of(CcEventLog log) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (CcEventLog.Event e : log.events()) {
      ObjectNode n = out.addObject();
      n.put("index", e.index());
      n.put("type_name", EventTypes.name(e.type()));
      ArrayNode digests = n.putArray("digests");
      boolean matches = false;
      for (Map.Entry<Integer, byte[]> d : e.digests().entrySet()) {
        ObjectNode x = digests.addObject();
        x.put("alg", algName(d.getKey()));
        x.put("digest", Hex.encode(d.getValue()));
        matches |= MessageDigest.isEqual(d.getValue(), hash(d.getKey(), e.data()));
      }
      n.put("event", Base64.getEncoder().encodeToString(e.data()));
      n.put("digest_matches_event", matches);
      n.set("details", details(e));
    }
    return out;
  }

  private static ObjectNode details(CcEventLog.Event e) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    byte[] b = e.data();
    switch (EventTypes.name(e.type())) {
      case "EV_EFI_BOOT_SERVICES_APPLICATION", "EV_EFI_BOOT_SERVICES_DRIVER", "EV_EFI_RUNTIME_SERVICES_DRIVER" ->
          imageLoad(b, d);
      case "EV_EVENT_TAG" -> {
        if (b.length >= 8) {
          long size = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xffffffffL;
          if (size <= b.length - 8) {
            d.put("string", DevicePaths.utf8NoNul(b, 8, (int) size));
          }
        }
      }
      case "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_POST_CODE", "EV_S_CRTM_CONTENTS" -> {
        if (b.length >= 1 && (b[0] & 0xff) <= b.length - 1) {
          d.put("string", DevicePaths.utf8NoNul(b, 1, b[0] & 0xff));
        }
      }
      case "EV_PLATFORM_CONFIG_FLAGS" -> configFlags(b, d);
      case "EV_SEPARATOR", "EV_NO_ACTION" -> { }
      default -> d.put("string", printable(b));
    }
    return d;
  }

  /** UEFI_IMAGE_LOAD_EVENT: 3 u64, device path length u64, device path (end node excluded). */
  private static void imageLoad(byte[] b, ObjectNode d) {
    if (b.length < 32) {
      return;
    }
    long len = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
    if (len < 4 || len > b.length - 32) {
      return;
    }
    DevicePaths.Rendered r = DevicePaths.render(b, 32, (int) len);
    ArrayNode paths = d.putArray("device_paths");
    r.paths().forEach(paths::add);
    if (r.lastName() != null) {
      d.put("unicode_name", r.lastName());
      d.put("unicode_name_length", r.lastName().length());
    }
  }

  /** Text without control characters, plus kernel-parameter style {name, value} entries. */
  private static void configFlags(byte[] b, ObjectNode d) {
    String raw = new String(b, StandardCharsets.UTF_8).replace('\u0010', ' ');
    StringBuilder clean = new StringBuilder();
    raw.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
    d.put("string", clean.toString());
    ArrayNode data = d.putArray("data");
    for (String item : raw.split("[ \n\r\u0000\u0010]")) {
      if (item.isEmpty()) {
        continue;
      }
      ObjectNode kv = data.addObject();
      int eq = item.indexOf('=');
      kv.put("name", eq < 0 ? item : item.substring(0, eq));
      if (eq < 0) {
        kv.putNull("value");
      } else {
        kv.put("value", item.substring(eq + 1));
      }
    }
  }

  /** ASCII text, or UTF-16LE when every other byte is zero; trailing NULs dropped. */
  static String text(byte[] b, int off, int len) {
    boolean utf16 = len >= 2 && len % 2 == 0;
    for (int i = off + 1; utf16 && i < off + len; i += 2) {
      utf16 = b[i] == 0;
    }
    String s = new String(b, off, len, utf16 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8);
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == 0) {
      end--;
    }
    return s.substring(0, end);
  }

  /** The event as text when it is printable ASCII (NUL-terminated allowed), else empty. */
  static String printable(byte[] b) {
    String s = text(b, 0, b.length);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t' || c > 0x7e) {
        return "";
      }
    }
    return s;
  }

  static String algName(int alg) {
    return switch (alg) {
      case 0x0004 -> "SHA-1";
      case 0x000B -> "SHA-256";
      case 0x000C -> "SHA-384";
      case 0x000D -> "SHA-512";
      default -> "0x" + Integer.toHexString(alg);
    };
  }

  private static byte[] hash(int alg, byte[] data) {
    String name = algName(alg);
    if (name.startsWith("0x")) {
      return new byte[0];
    }
    try {
      return MessageDigest.getInstance(name).digest(data);
    } catch (NoSuchAlgorithmException e) {
      return new byte[0];
    }
  }
}
