package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.OciLayout;
import dev.claviger.image.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCryptTest {
  @TempDir Path tmp;
  final SecureRandom random = new SecureRandom();

  TestImages.Image twoLayers() {
    return TestImages.builder().layer().file("a.txt", "first").layer().file("b/c.txt", "second").build();
  }

  ImageManifest manifest(OciLayout layout, String tag) throws Exception {
    return (ImageManifest) layout.readManifest(layout.resolve(tag).orElseThrow());
  }

  ImageEncryptor encryptor(LayerSelection selection, LayerRecipient... recipients) {
    return new ImageEncryptor(new LayerEncryptor(List.of(recipients), random), selection);
  }

  ImageDecryptor decryptor(java.security.PrivateKey... keys) {
    return new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(keys)))));
  }

  @Test
  void encryptThenDecrypt_allLayers_restoresManifestByteExactly() throws Exception {
    TestImages.Image image = twoLayers();
    OciLayout plain = OciLayout.open(image.writeLayout(tmp.resolve("plain"), "v1"));
    OciLayout enc = OciLayout.create(tmp.resolve("enc"));
    OciLayout dec = OciLayout.create(tmp.resolve("dec"));

    encryptor(LayerSelection.all(), JweRecipient.of(JweCodecTest.RSA.getPublic()), JweRecipient.of(JweCodecTest.P256.getPublic()))
        .encrypt(plain, "v1", enc, "v1");
    ImageManifest encrypted = manifest(enc, "v1");
    ImageManifest original = manifest(plain, "v1");
    assertThat(encrypted.config()).isEqualTo(original.config());
    for (int i = 0; i < 2; i++) {
      Descriptor layer = encrypted.layers().get(i);
      assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP_ENCRYPTED);
      assertThat(layer.size()).isEqualTo(original.layers().get(i).size());
      assertThat(layer.digest()).isNotEqualTo(original.layers().get(i).digest());
      assertThat(layer.annotations()).containsKeys(EncAnnotations.KEYS_JWE, EncAnnotations.PUBOPTS);
      assertThat(Files.size(enc.blobPath(layer.digest()))).isEqualTo(layer.size());
    }

    Descriptor restored = decryptor(JweCodecTest.P256.getPrivate()).decrypt(enc, "v1", dec, "v1");

    assertThat(restored.digest()).isEqualTo(original.digest());
    assertThat(manifest(dec, "v1").bytes()).isEqualTo(original.bytes());
    for (Descriptor layer : original.layers()) {
      assertThat(Files.readAllBytes(dec.blobPath(layer.digest()))).isEqualTo(Files.readAllBytes(plain.blobPath(layer.digest())));
    }
  }

  @Test
  void encrypt_encryptLayerMinusOne_onlyLastLayerEncrypted() throws Exception {
    OciLayout plain = OciLayout.open(twoLayers().writeLayout(tmp.resolve("plain"), "v1"));
    OciLayout enc = OciLayout.create(tmp.resolve("enc"));

    encryptor(LayerSelection.of(-1), JweRecipient.of(JweCodecTest.RSA.getPublic())).encrypt(plain, "v1", enc, "v2");

    ImageManifest m = manifest(enc, "v2");
    assertThat(m.layers().get(0)).isEqualTo(manifest(plain, "v1").layers().get(0));
    assertThat(m.layers().get(1).mediaType()).endsWith("+encrypted");
    assertThatThrownBy(() -> encryptor(LayerSelection.of(2), JweRecipient.of(JweCodecTest.RSA.getPublic()))
        .encrypt(plain, "v1", enc, "v3")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decrypt_wrongKey_noMatchingKeyAndNothingPublished() throws Exception {
    OciLayout plain = OciLayout.open(twoLayers().writeLayout(tmp.resolve("plain"), "v1"));
    OciLayout enc = OciLayout.create(tmp.resolve("enc"));
    encryptor(LayerSelection.all(), JweRecipient.of(JweCodecTest.RSA.getPublic())).encrypt(plain, "v1", enc, "v1");
    OciLayout dec = OciLayout.create(tmp.resolve("dec"));

    assertThatThrownBy(() -> decryptor(JweCodecTest.P256.getPrivate()).decrypt(enc, "v1", dec, "v1"))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_KEY));
    assertThat(dec.tags()).isEmpty();
  }

  @Test
  void decrypt_tamperedLayerBlob_hmacMismatchAndNoPlaintextLeft() throws Exception {
    OciLayout plain = OciLayout.open(twoLayers().writeLayout(tmp.resolve("plain"), "v1"));
    OciLayout enc = OciLayout.create(tmp.resolve("enc"));
    encryptor(LayerSelection.all(), JweRecipient.of(JweCodecTest.RSA.getPublic())).encrypt(plain, "v1", enc, "v1");
    Descriptor layer = manifest(enc, "v1").layers().get(1);
    byte[] blob = Files.readAllBytes(enc.blobPath(layer.digest()));
    blob[blob.length - 1] ^= 1;
    Files.write(enc.blobPath(layer.digest()), blob);
    OciLayout dec = OciLayout.create(tmp.resolve("dec"));

    assertThatThrownBy(() -> decryptor(JweCodecTest.RSA.getPrivate()).decrypt(enc, "v1", dec, "v1"))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
    Descriptor original = manifest(plain, "v1").layers().get(1);
    assertThat(dec.hasBlob(original.digest())).isFalse();
    try (var files = Files.list(dec.blobPath(original.digest()).getParent())) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
    }
  }

  @Test
  void encryptLayer_blobDoesNotMatchDescriptor_digestMismatch() throws Exception {
    TestImages.Image image = twoLayers();
    Descriptor layer = manifest(OciLayout.open(image.writeLayout(tmp.resolve("p"), "v1")), "v1").layers().get(0);
    ImageEncryptor encryptor = encryptor(LayerSelection.all(), JweRecipient.of(JweCodecTest.RSA.getPublic()));

    assertThatThrownBy(() -> encryptor.encryptLayer(layer, new java.io.ByteArrayInputStream(new byte[(int) layer.size()]),
        java.io.OutputStream.nullOutputStream()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
  }

  @Test
  void encrypt_tagIsMultiPlatformIndex_malformedNothingWritten() throws Exception {
    OciLayout plain = OciLayout.open(twoLayers().writeLayout(tmp.resolve("plain"), "v1"));
    Descriptor manifest = plain.resolve("v1").orElseThrow();
    var index = dev.claviger.image.oci.ImageIndex.create(MediaTypes.OCI_INDEX,
        List.of(new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(), null, null, null, null, null)),
        java.util.Map.of());
    plain.tag("multi", plain.writeBlob(index.mediaType(), index.bytes()));
    OciLayout enc = OciLayout.create(tmp.resolve("enc"));

    assertThatThrownBy(() -> encryptor(LayerSelection.all(), JweRecipient.of(JweCodecTest.RSA.getPublic()))
        .encrypt(plain, "multi", enc, "v1"))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThat(enc.tags()).isEmpty();
  }

  @Test
  void decrypt_skopeoVector_restoresOriginalLayerDescriptor() throws Exception {
    Path vec = CryptVectors.extract(tmp.resolve("v"));
    OciLayout src = OciLayout.open(vec.resolve("src"));
    OciLayout dec = OciLayout.create(tmp.resolve("dec"));
    java.security.PrivateKey key = CryptKeys.privateKey(Files.readAllBytes(vec.resolve("ec.pem")), Optional.empty());

    decryptor(key).decrypt(OciLayout.open(vec.resolve("dst-multi")), "latest", dec, "latest");

    ImageManifest restored = manifest(dec, "latest");
    ImageManifest original = manifest(src, "latest");
    assertThat(restored.layers()).isEqualTo(original.layers());
    assertThat(restored.config()).isEqualTo(original.config());
    assertThat(restored.layers().get(0).digest().toString()).isEqualTo(CryptVectors.PLAIN_LAYER);
  }
}
