package dev.claviger.core.internal;

import dev.claviger.core.MalformedInputException;
import java.util.Base64;
import java.util.Objects;

/**
 * Strict base64 decoding. The JDK decoder accepts missing padding and non-zero trailing bits, so
 * strictness is enforced by checking the alphabet and padding first and then requiring that the
 * decoded bytes re-encode to exactly the input.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  public static byte[] decode(String text, boolean url, boolean padded, String flavour)
      throws MalformedInputException {
    Objects.requireNonNull(text, "text");
    checkAlphabet(text, url, flavour);
    int pad = trailingPadding(text, flavour);
    if (padded && text.length() % 4 != 0) {
      throw new MalformedInputException(flavour + ": length is not a multiple of 4");
    }
    if (!padded && pad > 0) {
      throw new MalformedInputException(flavour + ": padding '=' not allowed");
    }
    if (!padded && text.length() % 4 == 1) {
      throw new MalformedInputException(flavour + ": invalid length " + text.length());
    }
    return decodeCanonical(text, url, padded, flavour);
  }

  public static byte[] decodeLenient(String text) throws MalformedInputException {
    Objects.requireNonNull(text, "text");
    boolean url = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    String flavour = url ? "base64url" : "base64";
    checkAlphabet(text, url, flavour);
    int pad = trailingPadding(text, flavour);
    if (pad > 0 && text.length() % 4 != 0) {
      throw new MalformedInputException(flavour + ": padded length is not a multiple of 4");
    }
    if (pad == 0 && text.length() % 4 == 1) {
      throw new MalformedInputException(flavour + ": invalid length " + text.length());
    }
    return decodeCanonical(text, url, pad > 0, flavour);
  }

  private static byte[] decodeCanonical(String text, boolean url, boolean padded, String flavour)
      throws MalformedInputException {
    byte[] out;
    try {
      out = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException(flavour + ": malformed input");
    }
    Base64.Encoder enc = url ? Base64.getUrlEncoder() : Base64.getEncoder();
    String again = (padded ? enc : enc.withoutPadding()).encodeToString(out);
    if (!again.equals(text)) {
      throw new MalformedInputException(flavour + ": non-canonical encoding (trailing bits set)");
    }
    return out;
  }

  private static void checkAlphabet(String text, boolean url, String flavour)
      throws MalformedInputException {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (url ? (c == '-' || c == '_') : (c == '+' || c == '/'));
      if (!ok) {
        throw new MalformedInputException(flavour + ": invalid character at index " + i);
      }
    }
  }

  private static int trailingPadding(String text, String flavour) throws MalformedInputException {
    int pad = 0;
    for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '='; i--) {
      pad++;
    }
    if (pad > 2) {
      throw new MalformedInputException(flavour + ": too much padding");
    }
    return pad;
  }
}
