package dev.claviger.image.crypt.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** NIST SP 800-56A Concat KDF with SHA-256 as RFC 7518 §4.6.2 uses it for ECDH-ES. */
final class ConcatKdf {
  private ConcatKdf() {}

  static byte[] derive(byte[] sharedSecret, int keyBits, String algorithmId, byte[] apu, byte[] apv) {
    byte[] alg = algorithmId.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer other = ByteBuffer.allocate(4 + alg.length + 4 + apu.length + 4 + apv.length + 4);
    other.putInt(alg.length).put(alg).putInt(apu.length).put(apu).putInt(apv.length).put(apv).putInt(keyBits);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    int keyBytes = keyBits / 8;
    byte[] out = new byte[(keyBytes + 31) / 32 * 32];
    for (int round = 1, pos = 0; pos < keyBytes; round++, pos += 32) {
      sha.update(ByteBuffer.allocate(4).putInt(round).array());
      sha.update(sharedSecret);
      sha.update(other.array());
      System.arraycopy(sha.digest(), 0, out, pos, 32);
    }
    byte[] key = Arrays.copyOf(out, keyBytes);
    Arrays.fill(out, (byte) 0);
    return key;
  }
}
