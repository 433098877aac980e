package dev.claviger.image.sign.internal;

import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Minimal strict PEM: one block, known type, base64 body with line breaks. */
public final class Pem {
  private Pem() {}

  /** The type of the first PEM block ({@code -----BEGIN <type>-----}). */
  public static String type(byte[] pem) throws SignatureException {
    String text = new String(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int end = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
    if (begin < 0 || end < 0) {
      throw config("not a PEM file");
    }
    return text.substring(begin + 11, end);
  }

  /** The DER bytes of the block of this type. */
  public static byte[] decode(byte[] pem, String type) throws SignatureException {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String head = "-----BEGIN " + type + "-----";
    String tail = "-----END " + type + "-----";
    int b = text.indexOf(head);
    int e = text.indexOf(tail);
    if (b < 0 || e < b) {
      throw config("no PEM block of type " + type);
    }
    String body = text.substring(b + head.length(), e).replaceAll("[\\r\\n\\t ]", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      if (der.length == 0) {
        throw config("empty PEM block " + type);
      }
      return der;
    } catch (IllegalArgumentException ex) {
      throw config("PEM block " + type + " is not valid base64");
    }
  }

  public static String encode(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static SignatureException config(String message) {
    return new SignatureException(Kind.CONFIGURATION, message);
  }
}
