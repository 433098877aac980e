package dev.claviger.core;

import dev.claviger.core.internal.StrictBase64;
import java.util.Base64;
import java.util.Objects;

/**
 * Base64 in its four RFC 4648 flavours. Decoders are strict: the exact alphabet, the exact padding
 * rule of the flavour, no whitespace, no line breaks, and canonical trailing bits (a string decodes
 * only if re-encoding yields the same string). {@link #decodeLenient(String)} accepts either
 * alphabet with or without padding, for peers that are inconsistent about it.
 */
public final class Base64s {
  private static final Base64.Encoder STD = Base64.getEncoder();
  private static final Base64.Encoder STD_NO_PAD = Base64.getEncoder().withoutPadding();
  private static final Base64.Encoder URL = Base64.getUrlEncoder();
  private static final Base64.Encoder URL_NO_PAD = Base64.getUrlEncoder().withoutPadding();

  private Base64s() {}

  public static String encodeStd(byte[] bytes) {
    return STD.encodeToString(Objects.requireNonNull(bytes, "bytes"));
  }

  public static String encodeStdNoPad(byte[] bytes) {
    return STD_NO_PAD.encodeToString(Objects.requireNonNull(bytes, "bytes"));
  }

  public static String encodeUrl(byte[] bytes) {
    return URL.encodeToString(Objects.requireNonNull(bytes, "bytes"));
  }

  public static String encodeUrlNoPad(byte[] bytes) {
    return URL_NO_PAD.encodeToString(Objects.requireNonNull(bytes, "bytes"));
  }

  /** Standard alphabet, padding required. */
  public static byte[] decodeStd(String text) throws MalformedInputException {
    return StrictBase64.decode(text, false, true, "base64");
  }

  /** Standard alphabet, padding forbidden. */
  public static byte[] decodeStdNoPad(String text) throws MalformedInputException {
    return StrictBase64.decode(text, false, false, "base64 (unpadded)");
  }

  /** URL-safe alphabet, padding required. */
  public static byte[] decodeUrl(String text) throws MalformedInputException {
    return StrictBase64.decode(text, true, true, "base64url");
  }

  /** URL-safe alphabet, padding forbidden (JOSE style). */
  public static byte[] decodeUrlNoPad(String text) throws MalformedInputException {
    return StrictBase64.decode(text, true, false, "base64url (unpadded)");
  }

  /**
   * Standard or URL-safe alphabet (not mixed), padding optional but correct when present; trailing
   * bits must still be canonical.
   */
  public static byte[] decodeLenient(String text) throws MalformedInputException {
    return StrictBase64.decodeLenient(text);
  }
}
