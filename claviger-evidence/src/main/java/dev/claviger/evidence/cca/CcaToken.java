package dev.claviger.evidence.cca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.evidence.cca.internal.Cbor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An Arm CCA attestation token split into its two signed parts, not yet verified.
 *
 * <p>Two outer encodings exist: the EAT collection under CBOR tag 399
 * {@code {44234: bstr platform, 44241: bstr realm}}, and the CMW collection under tag 907
 * {@code {44234: [type, bstr], 44241: [type, bstr]}} that current RMM firmware emits. Each inner
 * bstr holds a COSE_Sign1. No other keys are accepted.
 *
 * @param encoding which collection form carried the tokens
 * @param platformToken the platform token (COSE_Sign1 bytes)
 * @param realmToken the realm delegated token (COSE_Sign1 bytes)
 */
public record CcaToken(Encoding encoding, byte[] platformToken, byte[] realmToken) {
  /** Larger than any CCA token (about 1.2 KiB on FVP); bounds every decoding path. */
  public static final int MAX_TOKEN_BYTES = 64 * 1024;
  static final long PLATFORM_LABEL = 44234;
  static final long REALM_LABEL = 44241;
  /** CoAP content-format of {@code application/eat+cwt}, as the RMM puts in its CMW collection. */
  static final long EAT_CWT_CONTENT_FORMAT = 263;
  static final String EAT_CWT_MEDIA_TYPE = "application/eat+cwt";

  /** The outer collection form. */
  public enum Encoding {
    /** CBOR tag 399, legacy EAT collection. */
    TAG_399(399),
    /** CBOR tag 907, CMW collection. */
    CMW_907(907);

    private final long tag;

    Encoding(long tag) {
      this.tag = tag;
    }

    public long tag() {
      return tag;
    }
  }

  public CcaToken {
    platformToken = platformToken.clone();
    realmToken = realmToken.clone();
  }

  @Override
  public byte[] platformToken() {
    return platformToken.clone();
  }

  @Override
  public byte[] realmToken() {
    return realmToken.clone();
  }

  /** Splits a CBOR-encoded token collection. */
  public static CcaToken decode(byte[] cbor) throws CcaRejectedException {
    if (cbor.length > MAX_TOKEN_BYTES) {
      throw new CcaRejectedException(CcaError.MALFORMED_TOKEN,
          "token of " + cbor.length + " bytes exceeds " + MAX_TOKEN_BYTES);
    }
    if (!(Cbor.decode(cbor, CcaError.MALFORMED_TOKEN) instanceof Cbor.Tagged tagged)) {
      throw malformed("token is not a tagged CBOR collection");
    }
    Encoding enc = tagged.tag() == 399 ? Encoding.TAG_399
        : tagged.tag() == 907 ? Encoding.CMW_907 : null;
    if (enc == null) {
      throw malformed("collection tag " + tagged.tag() + " is neither 399 nor 907");
    }
    if (!(tagged.item() instanceof Cbor.MapItem map) || map.keys().size() != 2) {
      throw malformed("collection is not a map of exactly the platform and realm tokens");
    }
    return new CcaToken(enc, member(map, PLATFORM_LABEL, enc), member(map, REALM_LABEL, enc));
  }

  private static byte[] member(Cbor.MapItem map, long label, Encoding enc)
      throws CcaRejectedException {
    Cbor.Item v = map.get(label).orElseThrow(() -> malformed("collection lacks key " + label));
    if (enc == Encoding.CMW_907) {
      v = cmwValue(v, label);
    }
    if (v instanceof Cbor.Bytes b) {
      return b.value();
    }
    throw malformed("collection entry " + label + " is not a byte string");
  }

  // CMW array form (RFC 9193-style content-format or media-type, value, optional indicator).
  private static Cbor.Item cmwValue(Cbor.Item v, long label) throws CcaRejectedException {
    if (!(v instanceof Cbor.Arr arr) || arr.items().size() < 2 || arr.items().size() > 3) {
      throw malformed("CMW entry " + label + " is not a [type, value(, ind)] array");
    }
    List<Cbor.Item> parts = arr.items();
    // The CMW type sits outside both signatures, so only the one meaning "signed CWT" is taken.
    boolean typeOk = parts.get(0) instanceof Cbor.Int i && i.value() == EAT_CWT_CONTENT_FORMAT
        || parts.get(0) instanceof Cbor.Text t && t.value().startsWith(EAT_CWT_MEDIA_TYPE);
    if (!typeOk) {
      throw malformed("CMW entry " + label + " is not typed " + EAT_CWT_MEDIA_TYPE
          + " (content-format " + EAT_CWT_CONTENT_FORMAT + ")");
    }
    if (parts.size() == 3 && !(parts.get(2) instanceof Cbor.Int ind && ind.value() >= 0)) {
      throw malformed("CMW entry " + label + " indicator is not an unsigned integer");
    }
    return parts.get(1);
  }

  /** From upstream's evidence JSON {@code {"token": [byte, byte, ...]}}. */
  public static CcaToken fromEvidenceJson(JsonNode json) throws CcaRejectedException {
    JsonNode token = json == null ? null : json.get("token");
    if (token == null || !token.isArray()) {
      throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE,
          "evidence has no \"token\" byte array");
    }
    if (token.size() > MAX_TOKEN_BYTES) {
      throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE, "token array too long");
    }
    byte[] out = new byte[token.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode b = token.get(i);
      if (!b.isIntegralNumber() || b.asInt(-1) < 0 || b.asInt(-1) > 255
          || !b.canConvertToInt()) {
        throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE,
            "token element " + i + " is not a byte");
      }
      out[i] = (byte) b.asInt();
    }
    return decode(out);
  }

  /**
   * From a file's bytes as the command line receives them: the CBOR token itself, its hex or
   * base64 text, or upstream's evidence JSON.
   */
  public static CcaToken decodeAny(byte[] file) throws CcaRejectedException {
    if (file.length > 4 * MAX_TOKEN_BYTES) {
      throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE, "evidence file too large");
    }
    if (file.length > 0 && (file[0] & 0xff) == 0xd9) {
      return decode(file);
    }
    String text = new String(file, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        return fromEvidenceJson(new ObjectMapper().readTree(text));
      } catch (IOException e) {
        throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE, "evidence JSON unreadable", e);
      }
    }
    String compact = text.replaceAll("\\s", "");
    try {
      if (compact.matches("(?i)[0-9a-f]+") && compact.length() % 2 == 0) {
        return decode(HexFormat.of().parseHex(compact));
      }
      return decode(compact.contains("-") || compact.contains("_")
          ? Base64.getUrlDecoder().decode(compact) : Base64.getDecoder().decode(compact));
    } catch (IllegalArgumentException e) {
      throw new CcaRejectedException(CcaError.MALFORMED_EVIDENCE,
          "evidence is neither CBOR, hex, base64 nor evidence JSON", e);
    }
  }

  private static CcaRejectedException malformed(String why) {
    return new CcaRejectedException(CcaError.MALFORMED_TOKEN, why);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CcaToken t && encoding == t.encoding
        && java.util.Arrays.equals(platformToken, t.platformToken)
        && java.util.Arrays.equals(realmToken, t.realmToken);
  }

  @Override
  public int hashCode() {
    return (encoding.hashCode() * 31 + java.util.Arrays.hashCode(platformToken)) * 31
        + java.util.Arrays.hashCode(realmToken);
  }

  @Override
  public String toString() {
    return "CcaToken[" + encoding + ", platform=" + platformToken.length + " B, realm="
        + realmToken.length + " B]";
  }
}
