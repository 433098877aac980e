package dev.claviger.kms.internal;

import dev.claviger.core.SecretBytes;
import dev.claviger.kms.InvalidCiphertextException;
import dev.claviger.kms.KmsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope format 1 (all integers big-endian):
 *
 * <pre>
 * offset  size  field
 * 0       1     format version = 0x01
 * 1       4     master-key version (u32, >= 1)
 * 5       12    wrap nonce
 * 17      48    DEK (32) encrypted under the master key with AES-256-GCM, + tag (16);
 *               GCM AAD = "claviger-kms/v1/dek" || bytes[0..5)
 * 65      12    data nonce
 * 77      n+16  plaintext (n) encrypted under the DEK with AES-256-GCM, + tag (16);
 *               GCM AAD = bytes[0..77) || caller aad
 * </pre>
 *
 * <p>The header is fixed-length, so prefixing it to the caller's AAD is unambiguous. Random 96-bit
 * wrap nonces bound one master-key version to about 2^32 seals (rotate well before that).
 */
public final class EnvelopeCodec {
  static final byte FORMAT_V1 = 0x01;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int DEK = 32;
  static final int WRAPPED_DEK = DEK + TAG;
  static final int HEADER = 1 + 4;
  static final int DATA_OFFSET = HEADER + NONCE + WRAPPED_DEK + NONCE;
  static final int MIN_LENGTH = DATA_OFFSET + TAG;
  /** Largest plaintext accepted; resources are keys and small files, not bulk data. */
  public static final int MAX_PLAINTEXT = 64 * 1024 * 1024;

  private static final byte[] DEK_LABEL = "claviger-kms/v1/dek".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Looks up a master key by version. */
  @FunctionalInterface
  public interface KeyLookup {
    Optional<MasterKey> find(int version) throws KmsException;
  }

  private EnvelopeCodec() {}

  public static byte[] seal(MasterKey master, SecretBytes plaintext, byte[] aad)
      throws KmsException {
    if (plaintext.length() > MAX_PLAINTEXT) {
      throw new KmsException("plaintext exceeds " + MAX_PLAINTEXT + " bytes");
    }
    byte[] out = new byte[DATA_OFFSET + plaintext.length() + TAG];
    out[0] = FORMAT_V1;
    ByteBuffer.wrap(out, 1, 4).putInt(master.version());
    byte[] dek = new byte[DEK];
    byte[] pt = null;
    try {
      RANDOM.nextBytes(dek);
      randomInto(out, HEADER, NONCE);
      gcm(Cipher.ENCRYPT_MODE, master.key().toSecretKey("AES"), out, HEADER, dekAad(out))
          .doFinal(dek, 0, DEK, out, HEADER + NONCE);
      int dataNonce = HEADER + NONCE + WRAPPED_DEK;
      randomInto(out, dataNonce, NONCE);
      Cipher data = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dek, "AES"), out, dataNonce, null);
      data.updateAAD(out, 0, DATA_OFFSET);
      data.updateAAD(aad);
      pt = plaintext.toByteArray();
      data.doFinal(pt, 0, pt.length, out, DATA_OFFSET);
      return out;
    } catch (GeneralSecurityException e) {
      throw new KmsException("seal failed in the crypto provider", e);
    } finally {
      Arrays.fill(dek, (byte) 0);
      if (pt != null) {
        Arrays.fill(pt, (byte) 0);
      }
    }
  }

  public static SecretBytes unseal(KeyLookup keys, byte[] sealed, byte[] aad) throws KmsException {
    if (sealed.length < MIN_LENGTH
        || sealed.length > DATA_OFFSET + MAX_PLAINTEXT + TAG
        || sealed[0] != FORMAT_V1) {
      throw new InvalidCiphertextException();
    }
    int version = ByteBuffer.wrap(sealed, 1, 4).getInt();
    if (version < 1) {
      throw new InvalidCiphertextException();
    }
    MasterKey master = keys.find(version).orElseThrow(InvalidCiphertextException::new);
    byte[] dek = new byte[DEK];
    try {
      gcm(Cipher.DECRYPT_MODE, master.key().toSecretKey("AES"), sealed, HEADER, dekAad(sealed))
          .doFinal(sealed, HEADER + NONCE, WRAPPED_DEK, dek, 0);
      int dataNonce = HEADER + NONCE + WRAPPED_DEK;
      Cipher data = gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), sealed, dataNonce, null);
      data.updateAAD(sealed, 0, DATA_OFFSET);
      data.updateAAD(aad);
      // GCM decryption buffers and verifies the tag before releasing any plaintext.
      byte[] pt = data.doFinal(sealed, DATA_OFFSET, sealed.length - DATA_OFFSET);
      return SecretBytes.wrapOwned(pt);
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException();
    } catch (GeneralSecurityException e) {
      throw new KmsException("unseal failed in the crypto provider", e);
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  private static void randomInto(byte[] buf, int offset, int length) {
    byte[] r = new byte[length];
    RANDOM.nextBytes(r);
    System.arraycopy(r, 0, buf, offset, length);
  }

  private static byte[] dekAad(byte[] envelope) {
    byte[] aad = Arrays.copyOf(DEK_LABEL, DEK_LABEL.length + HEADER);
    System.arraycopy(envelope, 0, aad, DEK_LABEL.length, HEADER);
    return aad;
  }

  private static Cipher gcm(int mode, SecretKeySpec key, byte[] buf, int nonceOffset, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG * 8, buf, nonceOffset, NONCE));
    if (aad != null) {
      c.updateAAD(aad);
    }
    return c;
  }
}
