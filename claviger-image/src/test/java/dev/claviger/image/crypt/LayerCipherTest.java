package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Digests;
import dev.claviger.core.Hex;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerCipherTest {
  static final int CHUNK = LayerCipher.CHUNK;
  final SecretBytes key = SecretBytes.copyOf(bytes(32, 1));
  final byte[] nonce = bytes(16, 2);

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) {
    return "sha256:" + Hex.encode(Digests.sha256(b));
  }

  /** One-shot reference computation straight from the format description. */
  byte[][] reference(byte[] plain) throws Exception {
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, key.toSecretKey("AES"), new IvParameterSpec(nonce));
    byte[] c = ctr.doFinal(plain);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key.toSecretKey("HmacSHA256"));
    return new byte[][] {c, mac.doFinal(c)};
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + CHUNK / 2, 9 * CHUNK})
  void encrypt_anySize_matchesReferenceAndRoundTrips(int size) throws Exception {
    byte[] plain = bytes(size, size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    LayerCipher.Encrypted enc = LayerCipher.encrypt(new ByteArrayInputStream(plain), out, key, nonce);

    byte[][] ref = reference(plain);
    assertThat(out.toByteArray()).isEqualTo(ref[0]);
    assertThat(enc.hmac()).isEqualTo(ref[1]);
    assertThat(enc.size()).isEqualTo(size);
    assertThat(enc.plaintextDigest()).isEqualTo(sha256(plain));
    assertThat(enc.ciphertextDigest()).isEqualTo(sha256(ref[0]));

    ByteArrayOutputStream back = new ByteArrayOutputStream();
    long n = LayerCipher.decrypt(new ByteArrayInputStream(ref[0]), back, key, nonce, ref[1], sha256(plain));
    assertThat(n).isEqualTo(size);
    assertThat(back.toByteArray()).isEqualTo(plain);
    try (InputStream in = LayerCipher.decryptingStream(new ByteArrayInputStream(ref[0]), key, nonce, ref[1], sha256(plain))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, CHUNK / 2, CHUNK, 2 * CHUNK + 7})
  void decrypt_flippedCiphertextByte_hmacMismatch(int position) throws Exception {
    byte[] plain = bytes(3 * CHUNK, 5);
    byte[][] ref = reference(plain);
    ref[0][position] ^= 0x10;

    assertThatThrownBy(() -> LayerCipher.decrypt(new ByteArrayInputStream(ref[0]), OutputStream.nullOutputStream(),
        key, nonce, ref[1], sha256(plain)))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
  }

  @Test
  void decrypt_truncatedCiphertext_hmacMismatch() throws Exception {
    byte[] plain = bytes(CHUNK + 100, 6);
    byte[][] ref = reference(plain);
    byte[] truncated = java.util.Arrays.copyOf(ref[0], ref[0].length - 1);

    assertThatThrownBy(() -> LayerCipher.decrypt(new ByteArrayInputStream(truncated), OutputStream.nullOutputStream(),
        key, nonce, ref[1], sha256(plain)))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
  }

  @Test
  void decrypt_authenticCiphertextWrongDigest_digestMismatch() throws Exception {
    byte[] plain = bytes(2 * CHUNK + 3, 7);
    byte[][] ref = reference(plain);
    String other = sha256(new byte[1]);

    assertThatThrownBy(() -> LayerCipher.decrypt(new ByteArrayInputStream(ref[0]), OutputStream.nullOutputStream(),
        key, nonce, ref[1], other))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    try (InputStream in = LayerCipher.decryptingStream(new ByteArrayInputStream(ref[0]), key, nonce, ref[1], other)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(LayerIntegrityIOException.class,
          e -> assertThat(e.failure().reason()).isEqualTo(Reason.DIGEST_MISMATCH));
      // The failure is sticky: a caller that retries never sees a clean end of stream.
      assertThatThrownBy(in::read).isInstanceOf(LayerIntegrityIOException.class);
    }
  }

  @Test
  void decrypt_outputFailsMidway_ioReasonAndNoHang() {
    byte[] plain = bytes(6 * CHUNK, 8);
    OutputStream failing = new OutputStream() {
      long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 2L * CHUNK) {
          throw new IOException("disk full");
        }
      }
    };

    assertThatThrownBy(() -> LayerCipher.encrypt(new ByteArrayInputStream(plain), failing, key, nonce))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
        .hasMessageContaining("disk full");
  }

  @Test
  void encrypt_badKeyLength_rejected() {
    SecretBytes shortKey = SecretBytes.random(16, new SecureRandom());
    assertThatThrownBy(() -> LayerCipher.encrypt(InputStream.nullInputStream(), OutputStream.nullOutputStream(), shortKey, nonce))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
