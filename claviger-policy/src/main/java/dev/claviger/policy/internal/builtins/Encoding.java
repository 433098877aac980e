package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** base64, base64url, hex and urlquery. Decoded bytes become strings with lossy UTF-8. */
final class Encoding {
  private Encoding() {}

  static void register(Registry r) {
    r.add("base64.encode", 1, (a, c) -> Args.s(Base64.getEncoder().encodeToString(utf8(Args.str("base64.encode", a, 0)))));
    r.add("base64.decode", 1, (a, c) -> {
      byte[] b = decodeStd(Args.str("base64.decode", a, 0));
      if (b == null) {
        throw new BuiltinError("`base64.decode`: decode failed: illegal base64 data");
      }
      return Args.s(new String(b, StandardCharsets.UTF_8));
    });
    r.add("base64.is_valid", 1, (a, c) -> Value.bool(decodeStd(Args.str("base64.is_valid", a, 0)) != null));
    r.add("base64url.encode", 1, (a, c) -> Args.s(Base64.getUrlEncoder().encodeToString(utf8(Args.str("base64url.encode", a, 0)))));
    r.add("base64url.encode_no_pad", 1, (a, c) -> Args.s(
        Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(Args.str("base64url.encode_no_pad", a, 0)))));
    r.add("base64url.decode", 1, (a, c) -> Args.s(new String(decodeUrl(Args.str("base64url.decode", a, 0)), StandardCharsets.UTF_8)));
    r.add("hex.encode", 1, (a, c) -> Args.s(HexFormat.of().formatHex(utf8(Args.str("hex.encode", a, 0)))));
    r.add("hex.decode", 1, (a, c) -> Args.s(new String(hexDecode(Args.str("hex.decode", a, 0)), StandardCharsets.UTF_8)));
    r.add("urlquery.encode", 1, (a, c) -> Args.s(queryEscape(Args.str("urlquery.encode", a, 0))));
    r.add("urlquery.decode", 1, (a, c) -> Args.s(queryUnescape("urlquery.decode", Args.str("urlquery.decode", a, 0))));
    r.add("urlquery.encode_object", 1, (a, c) -> encodeObject(Args.obj("urlquery.encode_object", a, 0)));
    r.add("urlquery.decode_object", 1, (a, c) -> decodeObject(Args.str("urlquery.decode_object", a, 0)));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Standard alphabet with mandatory padding, as Go's StdEncoding; null when invalid. */
  static byte[] decodeStd(String s) {
    if (s.length() % 4 != 0) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** URL alphabet, padded or not (OPA falls back to the unpadded form). */
  static byte[] decodeUrl(String s) throws BuiltinError {
    if (s.length() % 4 == 1 || (s.indexOf('=') >= 0 && s.length() % 4 != 0)) {
      throw new BuiltinError("`base64url.decode`: not a valid base64url string");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("`base64url.decode`: not a valid base64url string");
    }
  }

  private static byte[] hexDecode(String s) throws BuiltinError {
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("`hex.decode`: decode failure: invalid hex string");
    }
  }

  /** Go's url.QueryEscape: space becomes '+', only [A-Za-z0-9-_.~] stay literal. */
  static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  static String queryUnescape(String fn, String s) throws BuiltinError {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("`" + fn + "`: not a valid url query");
    }
  }

  private static Value encodeObject(Value.Obj obj) throws BuiltinError {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Value, Value> e : obj.map().entrySet()) {
      if (!(e.getKey() instanceof Value.Str k)) {
        throw Args.typeError("urlquery.encode_object", "string key", e.getKey());
      }
      List<String> values = e.getValue() instanceof Value.Str v
          ? List.of(v.value()) : Args.strings("urlquery.encode_object", new Value[] {e.getValue()}, 0);
      for (String v : values) {
        parts.add(queryEscape(k.value()) + "=" + queryEscape(v));
      }
    }
    return Args.s(String.join("&", parts));
  }

  private static Value decodeObject(String q) throws BuiltinError {
    TreeMap<String, List<Value>> m = new TreeMap<>();
    for (String part : q.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.indexOf(';') >= 0) {
        throw new BuiltinError("`urlquery.decode_object`: invalid semicolon separator in query");
      }
      int eq = part.indexOf('=');
      String k = queryUnescape("urlquery.decode_object", eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : queryUnescape("urlquery.decode_object", part.substring(eq + 1));
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(Args.s(v));
    }
    TreeMap<Value, Value> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(Args.s(k), Value.ownArray(v)));
    return Value.ownObject(out);
  }
}
