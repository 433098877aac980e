package dev.claviger.evidence.tdx.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code details} of text-like and EFI variable events, as upstream's eventlog parsers give
 * them. Where upstream fails the whole log (invalid UTF-8 text, a variable that overruns its event)
 * this throws {@link CcelFormatException}, so both reject the same logs.
 */
final class SimpleDetails {
  private SimpleDetails() {}

  /** EV_POST_CODE, EV_ACTION, EV_EFI_ACTION, ...: the whole data as UTF-8. */
  static void text(byte[] b, ObjectNode d) throws CcelFormatException {
    d.put("string", strict(b, 0, b.length, StandardCharsets.UTF_8, "event text"));
  }

  /** Firmware blob (v2) and handoff table (v2) descriptions: u8 length, then the text. */
  static void lengthPrefixed(byte[] b, ObjectNode d) throws CcelFormatException {
    if (b.length < 1) {
      throw new CcelFormatException("description event without length byte");
    }
    int len = b[0] & 0xff;
    if (len > b.length) {
      throw new CcelFormatException("description of " + len + " bytes overruns its event");
    }
    // upstream reads bytes [1, len): the length counts its own byte in practice (e.g. "TdxTable")
    d.put("string", len <= 1 ? "" : strict(b, 1, len - 1, StandardCharsets.UTF_8, "description"));
  }

  /** EV_PLATFORM_CONFIG_FLAGS: UTF-8 text (empty when invalid), 0x10 as space, controls removed. */
  static void configFlags(byte[] b, ObjectNode d) {
    String raw;
    try {
      raw = strict(b, 0, b.length, StandardCharsets.UTF_8, "flags").replace('\u0010', ' ');
    } catch (CcelFormatException notUtf8) {
      raw = "";
    }
    StringBuilder clean = new StringBuilder();
    raw.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
    d.put("string", clean.toString());
  }

  /** EV_IPL: GCE's UTF-16 form (prefix 2E 00), else text up to the first NUL, else hex. */
  static void ipl(byte[] b, ObjectNode d) throws CcelFormatException {
    if (b.length < 2) {
      throw new CcelFormatException("EV_IPL shorter than 2 bytes");
    }
    if (b[0] == 0x2e && b[1] == 0) {
      int end = b.length - 2;
      if (end == 0 || end % 2 != 0) {
        throw new CcelFormatException("EV_IPL UTF-16 text of odd length");
      }
      // upstream decodes bytes [2, len-2) leniently
      d.put("string", end <= 2 ? "" : new String(b, 2, end - 2, StandardCharsets.UTF_16LE));
      return;
    }
    int cut = 0;
    while (cut < b.length && b[cut] != 0) {
      cut++;
    }
    try {
      d.put("string", strict(b, 0, cut, StandardCharsets.UTF_8, "EV_IPL"));
    } catch (CcelFormatException notUtf8) {
      d.put("string", Hex.encode(b));
    }
  }

  /** UEFI_VARIABLE_DATA: GUID, u64 name length (chars), u64 data length, UTF-16 name, data. */
  static void efiVariable(byte[] b, ObjectNode d) throws CcelFormatException {
    if (b.length < 32) {
      throw new CcelFormatException("EFI variable event shorter than its header");
    }
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long nameLen = bb.getLong(16);
    long dataLen = bb.getLong(24);
    long avail = b.length - 32L;
    if (nameLen < 0 || nameLen > avail / 2 || dataLen < 0 || dataLen > avail - 2 * nameLen) {
      throw new CcelFormatException("EFI variable name or data overruns its event");
    }
    int dataOff = 32 + 2 * (int) nameLen;
    d.put("unicode_name", strict(b, 32, 2 * (int) nameLen, StandardCharsets.UTF_16LE, "EFI variable name"));
    d.put("unicode_name_length", nameLen);
    d.put("variable_data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, dataOff, dataOff + (int) dataLen)));
    d.put("variable_data_length", dataLen);
    // upstream hex-encodes the GUID bytes in storage order, grouped 4-2-2-2-6
    String g = Hex.encode(Arrays.copyOf(b, 16));
    d.put("variable_name", g.substring(0, 8) + "-" + g.substring(8, 12) + "-" + g.substring(12, 16) + "-"
        + g.substring(16, 20) + "-" + g.substring(20));
  }

  private static String strict(byte[] b, int off, int len, Charset cs, String what) throws CcelFormatException {
    try {
      return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      throw new CcelFormatException(what + " is not valid " + cs.name());
    }
  }
}
