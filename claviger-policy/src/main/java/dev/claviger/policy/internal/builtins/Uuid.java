package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** uuid.rfc4122 (random v4, stable per seed within a query) and uuid.parse. */
final class Uuid {
  private static final Pattern HYPHENATED = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SIMPLE = Pattern.compile("[0-9a-fA-F]{32}");
  /** 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
  private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

  private Uuid() {}

  static void register(Registry r) {
    r.add("uuid.rfc4122", 1, (a, c) -> {
      String seed = Args.str("uuid.rfc4122", a, 0);
      List<Object> key = List.of("uuid.rfc4122", seed);
      Object cached = c.queryCache().get(key);
      if (cached instanceof Value v) {
        return v;
      }
      byte[] b = new byte[16];
      c.random().nextBytes(b);
      b[6] = (byte) ((b[6] & 0x0f) | 0x40);
      b[8] = (byte) ((b[8] & 0x3f) | 0x80);
      Value v = Value.str(format(b));
      c.queryCache().put(key, v);
      return v;
    });
    r.add("uuid.parse", 1, (a, c) -> parse(Args.str("uuid.parse", a, 0)));
  }

  static String format(byte[] b) {
    String h = HexFormat.of().formatHex(b);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
  }

  private static byte[] bytes(String text) {
    String s = text;
    if (s.toLowerCase(Locale.ROOT).startsWith("urn:uuid:")) {
      s = s.substring(9);
    } else if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1);
    }
    if (HYPHENATED.matcher(s).matches()) {
      s = s.replace("-", "");
    } else if (!SIMPLE.matcher(s).matches()) {
      return null;
    }
    return HexFormat.of().parseHex(s);
  }

  private static Value parse(String text) {
    byte[] b = bytes(text);
    if (b == null) {
      return null;
    }
    int version = (b[6] & 0xff) >> 4;
    TreeMap<Value, Value> out = new TreeMap<>();
    out.put(Value.str("version"), Num.of(version));
    out.put(Value.str("variant"), Value.str(variant(b[8] & 0xff)));
    if (version == 1 || version == 2) {
      long ticks = ((long) (b[6] & 0x0f) << 56) | ((long) (b[7] & 0xff) << 48) | ((long) (b[4] & 0xff) << 40)
          | ((long) (b[5] & 0xff) << 32) | ((long) (b[0] & 0xff) << 24) | ((long) (b[1] & 0xff) << 16)
          | ((long) (b[2] & 0xff) << 8) | (b[3] & 0xff);
      out.put(Value.str("time"), Num.of(java.math.BigInteger.valueOf(ticks - GREGORIAN_OFFSET).multiply(java.math.BigInteger.valueOf(100))));
      StringBuilder node = new StringBuilder();
      for (int i = 10; i < 16; i++) {
        node.append(i > 10 ? "-" : "").append(String.format("%02x", b[i] & 0xff));
      }
      out.put(Value.str("nodeid"), Value.str(node.toString()));
      out.put(Value.str("macvariables"), Value.str(macVariables(b[10] & 0xff)));
      out.put(Value.str("clocksequence"), Num.of(((b[8] & 0xff) << 8 | (b[9] & 0xff)) & 0x3fff));
      if (version == 2) {
        long id = ((long) (b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        out.put(Value.str("id"), Num.of(id));
        int d = b[9] & 0xff;
        out.put(Value.str("domain"), Value.str(d == 0 ? "Person" : d == 1 ? "Group" : d == 2 ? "Org" : "Domain" + d));
      }
    }
    return Value.ownObject(out);
  }

  private static String variant(int b) {
    if ((b & 0x80) == 0) {
      return "NCS";
    }
    if ((b & 0xc0) == 0x80) {
      return "RFC4122";
    }
    return (b & 0xe0) == 0xc0 ? "Microsoft" : "Future";
  }

  private static String macVariables(int b) {
    if ((b & 0b11) == 0b11) {
      return "local:multicast";
    }
    if ((b & 0b01) == 0b01) {
      return "global:multicast";
    }
    return (b & 0b10) == 0b10 ? "local:unicast" : "global:unicast";
  }
}
