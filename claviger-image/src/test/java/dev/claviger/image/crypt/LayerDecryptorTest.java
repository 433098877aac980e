package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.JweCodec;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerDecryptorTest {
  final SecureRandom random = new SecureRandom();

  /** A layer whose ciphertext and HMAC are authentic but whose wrapped privopts name another digest. */
  Map<String, String> lyingPrivopts(byte[] plain, ByteArrayOutputStream ciphertext) throws Exception {
    SecretBytes key = PrivateLayerOptions.randomKey(random);
    byte[] nonce = PrivateLayerOptions.randomNonce(random);
    LayerCipher.Encrypted enc = LayerCipher.encrypt(new ByteArrayInputStream(plain), ciphertext, key, nonce);
    String otherDigest = "sha256:" + "ab".repeat(32);
    try (PrivateLayerOptions options = PrivateLayerOptions.create(key, nonce, otherDigest)) {
      byte[] jwe = JweCodec.encrypt(options.toJson(), List.of(JweRecipient.of(JweCodecTest.RSA.getPublic())), random);
      return Map.of(EncAnnotations.KEYS_JWE, Base64s.encodeStd(jwe),
          EncAnnotations.PUBOPTS, PublicLayerOptions.of(enc.hmac()).toAnnotation());
    }
  }

  @Test
  void decrypt_authenticLayerButPrivoptsDigestDiffers_digestMismatch() throws Exception {
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    Map<String, String> annotations = lyingPrivopts(new byte[5000], ciphertext);
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(JweCodecTest.RSA.getPrivate()))));

    try (UnlockedLayer layer = decryptor.unlock(annotations)) {
      assertThatThrownBy(() -> layer.decrypt(new ByteArrayInputStream(ciphertext.toByteArray()), OutputStream.nullOutputStream()))
          .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }
  }

  @Test
  void unlock_noWrappedKeysOrNoResolvers_noMatchingKey() throws Exception {
    Map<String, String> onlyPubopts = Map.of(EncAnnotations.PUBOPTS, PublicLayerOptions.of(new byte[32]).toAnnotation());
    assertThatThrownBy(() -> new LayerDecryptor(List.of(new JweKeyResolver(List.of(JweCodecTest.RSA.getPrivate()))))
        .unlock(onlyPubopts))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_KEY));
    Map<String, String> annotations = lyingPrivopts(new byte[10], new ByteArrayOutputStream());
    assertThatThrownBy(() -> new LayerDecryptor(List.of()).unlock(annotations))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_KEY));
  }

  @Test
  void decryptLayer_restoresDescriptorWithoutEncAnnotations() throws Exception {
    byte[] plain = "layer bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Descriptor original = Descriptor.ofBytes(MediaTypes.OCI_LAYER_ZSTD, plain)
        .withAnnotations(Map.of("org.example.keep", "yes"));
    ImageEncryptor encryptor = new ImageEncryptor(
        new LayerEncryptor(List.of(JweRecipient.of(JweCodecTest.P256.getPublic())), random), LayerSelection.all());
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    Descriptor encrypted = encryptor.encryptLayer(original, new ByteArrayInputStream(plain), ciphertext);
    assertThat(encrypted.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD_ENCRYPTED);
    assertThat(encrypted.digest()).isEqualTo(Digest.sha256(ciphertext.toByteArray()));
    assertThat(encrypted.annotations()).containsEntry("org.example.keep", "yes");

    ByteArrayOutputStream back = new ByteArrayOutputStream();
    Descriptor restored = new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(JweCodecTest.P256.getPrivate())))))
        .decryptLayer(encrypted, new ByteArrayInputStream(ciphertext.toByteArray()), back);

    assertThat(restored).isEqualTo(original);
    assertThat(back.toByteArray()).isEqualTo(plain);
    assertThatThrownBy(() -> encryptor.encryptLayer(encrypted, new ByteArrayInputStream(ciphertext.toByteArray()),
        OutputStream.nullOutputStream()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void layerSelection_indexes_skopeoSemantics() {
    assertThat(LayerSelection.all().selects(3, 4)).isTrue();
    assertThat(LayerSelection.of(0).selects(0, 4)).isTrue();
    assertThat(LayerSelection.of(0).selects(1, 4)).isFalse();
    assertThat(LayerSelection.of(-1).selects(3, 4)).isTrue();
    assertThat(LayerSelection.of(-4).selects(0, 4)).isTrue();
    assertThatThrownBy(() -> LayerSelection.of(4).selects(0, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LayerSelection.of(-5).selects(0, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
