package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.dcap.TcbStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Required-field readers for PCS JSON; every miss is an {@link IOException} naming the field. */
final class JsonFields {
  private JsonFields() {}

  static JsonNode obj(JsonNode n, String f) throws IOException {
    JsonNode v = n.get(f);
    if (v == null || !v.isObject()) {
      throw new IOException("missing object '" + f + "'");
    }
    return v;
  }

  static JsonNode arr(JsonNode n, String f) throws IOException {
    JsonNode v = n.get(f);
    if (v == null || !v.isArray()) {
      throw new IOException("missing array '" + f + "'");
    }
    return v;
  }

  static String str(JsonNode n, String f) throws IOException {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual()) {
      throw new IOException("missing string '" + f + "'");
    }
    return v.asText();
  }

  static int integer(JsonNode n, String f, int max) throws IOException {
    JsonNode v = n.get(f);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > max) {
      throw new IOException("missing or out-of-range integer '" + f + "'");
    }
    return v.asInt();
  }

  static Instant time(JsonNode n, String f) throws IOException {
    try {
      return Instant.parse(str(n, f));
    } catch (DateTimeParseException e) {
      throw new IOException("bad date '" + f + "'");
    }
  }

  static byte[] hex(JsonNode n, String f, int len) throws IOException {
    try {
      return Hex.decode(str(n, f).toLowerCase(java.util.Locale.ROOT), len);
    } catch (MalformedInputException e) {
      throw new IOException("bad hex '" + f + "'");
    }
  }

  static TcbStatus status(JsonNode n) throws IOException {
    String s = str(n, "tcbStatus");
    return TcbStatus.fromWire(s).orElseThrow(() -> new IOException("unknown tcbStatus '" + s + "'"));
  }

  static List<String> advisories(JsonNode n) throws IOException {
    JsonNode a = n.get("advisoryIDs");
    List<String> out = new ArrayList<>();
    if (a == null) {
      return out;
    }
    if (!a.isArray() || a.size() > 1024) {
      throw new IOException("bad advisoryIDs");
    }
    for (JsonNode x : a) {
      if (!x.isTextual()) {
        throw new IOException("bad advisory id");
      }
      out.add(x.asText());
    }
    return out;
  }

  /** An identity TCB level: {@code {tcb:{isvsvn}, tcbDate, tcbStatus, advisoryIDs}}. */
  static TcbLevel isvLevel(JsonNode l) throws IOException {
    int isv = integer(obj(l, "tcb"), "isvsvn", 65535);
    return new TcbLevel(new int[0], -1, new int[0], isv, time(l, "tcbDate"), status(l), advisories(l));
  }
}
