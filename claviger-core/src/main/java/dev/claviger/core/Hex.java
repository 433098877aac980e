package dev.claviger.core;

import java.util.HexFormat;
import java.util.Objects;

/** Hexadecimal: lower-case encoding, strict decoding. */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] bytes) {
    return LOWER.formatHex(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Decodes hex digits (either case). No prefix, separators or whitespace; the length must be even.
   */
  public static byte[] decode(String hex) throws MalformedInputException {
    Objects.requireNonNull(hex, "hex");
    if ((hex.length() & 1) != 0) {
      throw new MalformedInputException("hex: odd length " + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!isHexDigit(hex.charAt(i))) {
        throw new MalformedInputException("hex: invalid character at index " + i);
      }
    }
    return LOWER.parseHex(hex);
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** As {@link #decode(String)}, and the result must be exactly {@code length} bytes. */
  public static byte[] decode(String hex, int length) throws MalformedInputException {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2L * length) {
      throw new MalformedInputException(
          "hex: expected " + length + " bytes (" + 2L * length + " digits), got " + hex.length()
              + " digits");
    }
    return decode(hex);
  }
}
