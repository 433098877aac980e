package dev.claviger.image.crypt.internal;

import dev.claviger.core.Hex;
import dev.claviger.core.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;

/** JCA objects for the ocicrypt layer cipher; whichever provider ranks first serves them (ACCP when installed). */
public final class LayerPrimitives {
  private LayerPrimitives() {}

  /** AES-256-CTR with the 16-byte nonce as the whole initial counter block (= Go cipher.NewCTR). */
  public static Cipher ctr(SecretBytes key, byte[] nonce, int mode) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, key.toSecretKey("AES"), new IvParameterSpec(nonce));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR unavailable", e);
    }
  }

  /** HMAC-SHA256 keyed with the layer key itself, as ocicrypt does (no separate MAC key). */
  public static Mac hmac(SecretBytes key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.toSecretKey("HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** {@code sha256} / {@code sha384} / {@code sha512} as in an OCI digest. */
  public static MessageDigest digest(String ociAlgorithm) {
    String jca = switch (ociAlgorithm) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      default -> throw new IllegalArgumentException("unsupported digest algorithm " + ociAlgorithm);
    };
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " unavailable", e);
    }
  }

  public static String ociDigest(String algorithm, MessageDigest md) {
    return algorithm + ":" + Hex.encode(md.digest());
  }

  /** CTR update that must produce exactly {@code length} bytes (a stream cipher keeps nothing back). */
  public static void update(Cipher ctr, byte[] in, int offset, int length, byte[] out, int outOffset) {
    try {
      int produced = ctr.update(in, offset, length, out, outOffset);
      if (produced != length) {
        throw new IllegalStateException("CTR produced " + produced + " of " + length + " bytes");
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
