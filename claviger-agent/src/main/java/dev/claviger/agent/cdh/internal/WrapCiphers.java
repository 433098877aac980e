package dev.claviger.agent.cdh.internal;

import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.WrapType;
import dev.claviger.core.SecretBytes;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** The two payload ciphers of upstream's {@code crypto} crate, plus AES key wrap (RFC 3394). */
public final class WrapCiphers {
  public static final int KEY_LENGTH = 32;
  private static final int GCM_TAG_BITS = 128;

  private WrapCiphers() {}

  public static byte[] encrypt(WrapType type, SecretBytes key, byte[] iv, byte[] plaintext)
      throws CdhException {
    return run(Cipher.ENCRYPT_MODE, type, key, iv, plaintext);
  }

  /** Fails with {@link CdhException.Kind#DECRYPTION_FAILED} on a bad key, IV or GCM tag. */
  public static byte[] decrypt(WrapType type, SecretBytes key, byte[] iv, byte[] ciphertext)
      throws CdhException {
    return run(Cipher.DECRYPT_MODE, type, key, iv, ciphertext);
  }

  /** AES-256 key wrap (RFC 3394, no padding) of {@code dek} under {@code kek}. */
  public static byte[] keyWrap(SecretBytes kek, SecretBytes dek) throws CdhException {
    checkKey(kek, "KEK");
    try {
      Cipher c = Cipher.getInstance("AESWrap");
      c.init(Cipher.WRAP_MODE, kek.toSecretKey("AES"));
      return c.wrap(dek.toSecretKey("AES"));
    } catch (GeneralSecurityException e) {
      throw new CdhException(CdhException.Kind.DECRYPTION_FAILED, "AES key wrap failed", e);
    }
  }

  /** Unwraps an AES-256 key wrapped with {@link #keyWrap}; the integrity check is RFC 3394's. */
  public static SecretBytes keyUnwrap(SecretBytes kek, byte[] wrapped) throws CdhException {
    checkKey(kek, "KEK");
    if (wrapped.length != KEY_LENGTH + 8) {
      throw new CdhException(
          CdhException.Kind.DECRYPTION_FAILED,
          "wrapped data key must be " + (KEY_LENGTH + 8) + " bytes, got " + wrapped.length);
    }
    try {
      Cipher c = Cipher.getInstance("AESWrap");
      c.init(Cipher.UNWRAP_MODE, kek.toSecretKey("AES"));
      return SecretBytes.wrapOwned(c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded());
    } catch (GeneralSecurityException e) {
      throw new CdhException(
          CdhException.Kind.DECRYPTION_FAILED, "AES key unwrap failed (wrong KEK or tampered)", e);
    }
  }

  private static byte[] run(int mode, WrapType type, SecretBytes key, byte[] iv, byte[] data)
      throws CdhException {
    checkKey(key, "key");
    if (iv.length != type.ivLength()) {
      throw new CdhException(
          CdhException.Kind.DECRYPTION_FAILED,
          type + " needs a " + type.ivLength() + "-byte IV, got " + iv.length);
    }
    try {
      Cipher c;
      if (type == WrapType.A256GCM) {
        c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key.toSecretKey("AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
      } else {
        c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(mode, key.toSecretKey("AES"), new IvParameterSpec(iv));
      }
      return c.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new CdhException(
          CdhException.Kind.DECRYPTION_FAILED,
          type + (mode == Cipher.DECRYPT_MODE ? " decryption" : " encryption")
              + " failed (wrong key or tampered data)",
          e);
    }
  }

  private static void checkKey(SecretBytes key, String what) throws CdhException {
    if (key.length() != KEY_LENGTH) {
      throw new CdhException(
          CdhException.Kind.DECRYPTION_FAILED,
          what + " must be " + KEY_LENGTH + " bytes, got " + key.length());
    }
  }
}
