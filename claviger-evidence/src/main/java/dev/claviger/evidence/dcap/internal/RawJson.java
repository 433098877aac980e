package dev.claviger.evidence.dcap.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Locates the exact bytes of a member value inside a JSON object, without re-serialising:
 * Intel signs the bytes of the {@code tcbInfo} / {@code enclaveIdentity} value as sent. Only a
 * scanner (strings, nesting); content is parsed separately. Nesting depth is bounded.
 */
public final class RawJson {
  private static final int MAX_DEPTH = 64;

  private RawJson() {}

  /** Bytes of the value of {@code key} in the top-level object of {@code json}, or null. */
  public static byte[] member(byte[] json, String key) throws java.io.IOException {
    int p = ws(json, 0);
    expect(json, p, '{');
    p = ws(json, p + 1);
    if (p < json.length && json[p] == '}') {
      return null;
    }
    byte[] wanted = ('"' + key + '"').getBytes(StandardCharsets.UTF_8);
    while (true) {
      int keyStart = p;
      int keyEnd = skipString(json, p);
      p = ws(json, keyEnd);
      expect(json, p, ':');
      int vs = ws(json, p + 1);
      int ve = skipValue(json, vs, 0);
      if (Arrays.equals(json, keyStart, keyEnd, wanted, 0, wanted.length)) {
        return Arrays.copyOfRange(json, vs, ve);
      }
      p = ws(json, ve);
      if (p < json.length && json[p] == ',') {
        p = ws(json, p + 1);
        continue;
      }
      expect(json, p, '}');
      return null;
    }
  }

  /** Raw bytes of each element of a JSON array text. */
  public static java.util.List<byte[]> elements(byte[] json) throws java.io.IOException {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    int p = ws(json, 0);
    expect(json, p, '[');
    p = ws(json, p + 1);
    if (p < json.length && json[p] == ']') {
      return out;
    }
    while (true) {
      int e = skipValue(json, p, 1);
      out.add(Arrays.copyOfRange(json, p, e));
      p = ws(json, e);
      if (p < json.length && json[p] == ',') {
        p = ws(json, p + 1);
        continue;
      }
      expect(json, p, ']');
      return out;
    }
  }

  private static int skipValue(byte[] b, int p, int depth) throws java.io.IOException {
    if (depth > MAX_DEPTH) {
      throw new java.io.IOException("JSON nested too deeply");
    }
    if (p >= b.length) {
      throw new java.io.IOException("truncated JSON");
    }
    byte c = b[p];
    if (c == '"') {
      return skipString(b, p);
    }
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      p = ws(b, p + 1);
      if (p < b.length && b[p] == close) {
        return p + 1;
      }
      while (true) {
        if (c == '{') {
          p = ws(b, skipString(b, p));
          expect(b, p, ':');
          p = ws(b, p + 1);
        }
        p = ws(b, skipValue(b, p, depth + 1));
        if (p < b.length && b[p] == ',') {
          p = ws(b, p + 1);
          continue;
        }
        expect(b, p, close);
        return p + 1;
      }
    }
    int s = p;
    while (p < b.length && (Character.isLetterOrDigit(b[p]) || b[p] == '-' || b[p] == '+' || b[p] == '.')) {
      p++;
    }
    if (p == s) {
      throw new java.io.IOException("unexpected byte in JSON at " + p);
    }
    return p;
  }

  private static int skipString(byte[] b, int p) throws java.io.IOException {
    expect(b, p, '"');
    p++;
    while (p < b.length) {
      if (b[p] == '\\') {
        p += 2;
      } else if (b[p] == '"') {
        return p + 1;
      } else {
        p++;
      }
    }
    throw new java.io.IOException("unterminated JSON string");
  }

  private static int ws(byte[] b, int p) {
    while (p < b.length && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
      p++;
    }
    return p;
  }

  private static void expect(byte[] b, int p, char c) throws java.io.IOException {
    if (p >= b.length || b[p] != c) {
      throw new java.io.IOException("expected '" + c + "' in JSON at " + p);
    }
  }
}
