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
 * {@code File(name)}), tagged events, text events and firmware blobs ({@code string}), EFI
 * variables ({@code unicode_name}, {@code variable_*}); Attestation Agent (AAEL)
 * entries additionally get {@code unicode_name "AAEL"} and {@code data {domain, operation, content}}.
 */
public final class UefiEventClaims {
  private UefiEventClaims() {}

  public static ArrayNode of(CcEventLog log) throws CcelFormatException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (CcEventLog.Event e : log.events()) {
      ObjectNode n = out.addObject();
      n.put("index", e.index());
      n.put("type_name", EventTypes.name(e.type()));
      ArrayNode digests = n.putArray("digests");
      boolean matches = true; // upstream: every digest must match; no digest counts as a match
      for (Map.Entry<Integer, byte[]> d : e.digests().entrySet()) {
        ObjectNode x = digests.addObject();
        x.put("alg", algName(d.getKey()));
        x.put("digest", Hex.encode(d.getValue()));
        matches &= MessageDigest.isEqual(d.getValue(), hash(d.getKey(), e.data()));
      }
      n.put("event", Base64.getEncoder().encodeToString(e.data()));
      n.put("digest_matches_event", matches);
      n.set("details", details(e));
    }
    return out;
  }

  private static ObjectNode details(CcEventLog.Event e) throws CcelFormatException {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    byte[] b = e.data();
    // the same parser per type as upstream's TcgEventType::get_parser; other types: empty details
    switch (EventTypes.name(e.type())) {
      case "EV_EFI_BOOT_SERVICES_APPLICATION" -> imageLoad(b, d);
      case "EV_EVENT_TAG" -> eventTag(e, d);
      case "EV_POST_CODE", "EV_ACTION", "EV_COMPACT_HASH", "EV_OMIT_BOOT_DEVICE_EVENTS", "EV_EFI_ACTION" ->
          SimpleDetails.text(b, d);
      case "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_EFI_HANDOFF_TABLES2" -> SimpleDetails.lengthPrefixed(b, d);
      case "EV_PLATFORM_CONFIG_FLAGS" -> SimpleDetails.configFlags(b, d);
      case "EV_IPL" -> SimpleDetails.ipl(b, d);
      case "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_BOOT", "EV_EFI_VARIABLE_BOOT2",
          "EV_EFI_VARIABLE_AUTHORITY" -> SimpleDetails.efiVariable(b, d);
      default -> { }
    }
    return d;
  }

  /**
   * Tagged events give their text as {@code string}; AAEL entries also give
   * {@code unicode_name: "AAEL"} and {@code data {domain, operation, content}}, as upstream's
   * {@code EvEventTagParser} does ({@code content} is JSON when the text is one JSON value).
   */
  private static void eventTag(CcEventLog.Event e, ObjectNode d) throws CcelFormatException {
    byte[] payload = TaggedEvent.parse(e.data()).payload();
    d.put("string", DevicePaths.utf8NoNul(payload, 0, payload.length));
    AaelEvent aael = e.aael();
    if (aael != null) {
      d.put("unicode_name", "AAEL");
      ObjectNode data = d.putObject("data");
      data.put("domain", aael.domain());
      data.put("operation", aael.operation());
      data.set("content", aael.contentClaim());
    }
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
    ArrayNode paths = d.putArray("device_paths");
    DevicePaths.render(b, 32, (int) len).forEach(paths::add);
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

  /** The digest of {@code data} with a TCG algorithm, empty when the JDK cannot compute it. */
  static byte[] hash(int alg, byte[] data) {
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
