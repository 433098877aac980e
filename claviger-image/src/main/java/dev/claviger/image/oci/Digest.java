package dev.claviger.image.oci;

import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * An OCI content digest {@code algorithm:encoded}. Only the two registered algorithms are
 * accepted, {@code sha256} (64 lowercase hex) and {@code sha512} (128 lowercase hex): a digest we
 * cannot recompute cannot be trusted, so anything else is malformed rather than "unknown".
 *
 * <p>Because the encoded part is validated as lowercase hex, {@link #encoded()} is safe to use as a
 * file name (no path separators).
 */
public record Digest(String algorithm, String encoded) {
  public static final String SHA256 = "sha256";
  public static final String SHA512 = "sha512";

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    int want = hexLength(algorithm);
    if (want < 0) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (encoded.length() != want || !isLowerHex(encoded)) {
      throw new IllegalArgumentException(
          "digest " + algorithm + " needs " + want + " lowercase hex characters");
    }
  }

  /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
  public static Digest parse(String text) throws MalformedInputException {
    if (text == null) {
      throw new MalformedInputException("digest is missing");
    }
    if (text.length() > 7 + 128) {
      throw new MalformedInputException("digest is too long (" + text.length() + " chars)");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new MalformedInputException("digest has no algorithm prefix: " + abbreviate(text));
    }
    String alg = text.substring(0, colon);
    String enc = text.substring(colon + 1);
    int want = hexLength(alg);
    if (want < 0) {
      throw new MalformedInputException("unsupported digest algorithm: " + abbreviate(alg));
    }
    if (enc.length() != want || !isLowerHex(enc)) {
      throw new MalformedInputException(
          "digest " + alg + " needs " + want + " lowercase hex characters: " + abbreviate(text));
    }
    return new Digest(alg, enc);
  }

  /** The SHA-256 digest of the bytes. */
  public static Digest sha256(byte[] data) {
    return of(SHA256, data);
  }

  /** The digest of the bytes with the given algorithm ({@code sha256} or {@code sha512}). */
  public static Digest of(String algorithm, byte[] data) {
    MessageDigest md = newMessageDigest(algorithm);
    return new Digest(algorithm, Hex.encode(md.digest(data)));
  }

  /** A fresh JCA digest for this algorithm. */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  static MessageDigest newMessageDigest(String algorithm) {
    try {
      return switch (algorithm) {
        case SHA256 -> MessageDigest.getInstance("SHA-256");
        case SHA512 -> MessageDigest.getInstance("SHA-512");
        default -> throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
      };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JCA lacks a mandatory digest", e);
    }
  }

  /** True when the bytes hash to this digest (same algorithm). */
  public boolean matches(byte[] data) {
    return MessageDigest.isEqual(
        newMessageDigest().digest(data), hexToBytes(encoded));
  }

  /** Throws unless the bytes hash to this digest. */
  public void verify(byte[] data) throws DigestMismatchException {
    Digest actual = of(algorithm, data);
    if (!actual.equals(this)) {
      throw DigestMismatchException.digest(this, actual);
    }
  }

  private static byte[] hexToBytes(String hex) {
    try {
      return Hex.decode(hex);
    } catch (MalformedInputException e) {
      throw new IllegalStateException("validated hex failed to decode", e);
    }
  }

  private static int hexLength(String alg) {
    return switch (alg) {
      case SHA256 -> 64;
      case SHA512 -> 128;
      default -> -1;
    };
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  /** The canonical {@code algorithm:encoded} form. */
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }
}
