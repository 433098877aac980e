package dev.claviger.evidence.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a quote as people hand it over: raw binary, hex text (optionally {@code 0x}-prefixed,
 * whitespace ignored), standard or URL-safe base64, or upstream's evidence JSON
 * ({@code {"quote": "<base64>", ...}}).
 */
public final class QuoteInput {
  /** Bound on encoded input (a quote is about 5 KB; base64/hex at most doubles it). */
  public static final int MAX_INPUT = 4 * 1024 * 1024;

  private QuoteInput() {}

  public static byte[] decode(byte[] in) throws DcapRejectedException {
    if (in.length > MAX_INPUT) {
      throw bad("input larger than " + MAX_INPUT + " bytes");
    }
    if (in.length >= 2 && in[0] >= 3 && in[0] <= 5 && in[1] == 0) {
      return in.clone();
    }
    String text = new String(in, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{")) {
      return fromJson(in);
    }
    return fromText(text);
  }

  /** The {@code quote} member of upstream's TDX/SGX evidence JSON. */
  public static byte[] fromJson(byte[] json) throws DcapRejectedException {
    JsonNode n;
    try {
      n = Json.parse(json);
    } catch (MalformedInputException e) {
      throw bad("evidence is not JSON: " + e.getMessage());
    }
    return fromEvidence(n);
  }

  /** The {@code quote} member of an evidence document. */
  public static byte[] fromEvidence(JsonNode n) throws DcapRejectedException {
    JsonNode q = n == null ? null : n.get("quote");
    if (q == null || !q.isTextual()) {
      throw bad("evidence has no string member 'quote'");
    }
    return fromText(q.asText().strip());
  }

  private static byte[] fromText(String text) throws DcapRejectedException {
    String t = text.replaceAll("\\s+", "");
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    try {
      if (t.matches("[0-9a-fA-F]+") && t.length() % 2 == 0) {
        return Hex.decode(t);
      }
      return Base64s.decodeLenient(t);
    } catch (MalformedInputException e) {
      throw bad("quote is neither binary, hex nor base64");
    }
  }

  private static DcapRejectedException bad(String detail) {
    return new DcapRejectedException(DcapError.MALFORMED_EVIDENCE, detail);
  }
}
