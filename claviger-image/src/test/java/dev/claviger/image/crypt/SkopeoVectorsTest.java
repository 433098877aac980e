package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Base64s;
import dev.claviger.core.Digests;
import dev.claviger.core.Hex;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Layers encrypted by Debian skopeo 1.9.3 decrypt with our code to the original blob. */
class SkopeoVectorsTest {
  @TempDir static Path tmp;
  static Path vec;

  @BeforeAll
  static void extract() throws Exception {
    vec = CryptVectors.extract(tmp);
  }

  static PrivateKey key(String file) throws Exception {
    return CryptKeys.privateKey(Files.readAllBytes(vec.resolve(file)), Optional.empty());
  }

  static byte[] decrypt(CryptVectors.Layer layer, Map<String, String> annotations, byte[] blob, PrivateKey key)
      throws Exception {
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(key))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (UnlockedLayer unlocked = decryptor.unlock(annotations)) {
      assertThat(unlocked.plaintextDigest()).isEqualTo(CryptVectors.PLAIN_LAYER);
      unlocked.decrypt(new ByteArrayInputStream(blob), out);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @CsvSource({"dst-rsa, rsa.pem", "dst-ec, ec.pem", "dst-multi, rsa.pem", "dst-multi, ec.pem"})
  void decrypt_skopeoEncryptedLayer_restoresOriginalBlob(String layout, String keyFile) throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve(layout));
    assertThat(layer.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip+encrypted");

    byte[] plain = decrypt(layer, layer.annotations(), Files.readAllBytes(layer.blob()), key(keyFile));

    assertThat("sha256:" + Hex.encode(Digests.sha256(plain))).isEqualTo(CryptVectors.PLAIN_LAYER);
    assertThat(plain).isEqualTo(Files.readAllBytes(vec.resolve("src/blobs/sha256").resolve(CryptVectors.PLAIN_LAYER.substring(7))));
  }

  @Test
  void decryptingStream_skopeoLayer_verifiesAtEof() throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-ec"));
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(key("ec.pem")))));
    try (UnlockedLayer unlocked = decryptor.unlock(layer.annotations());
        InputStream in = unlocked.decryptingStream(Files.newInputStream(layer.blob()))) {
      assertThat("sha256:" + Hex.encode(Digests.sha256(in.readAllBytes()))).isEqualTo(CryptVectors.PLAIN_LAYER);
    }
  }

  @Test
  void unlock_wrongKey_noMatchingKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-multi"));
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(rsa.generateKeyPair().getPrivate()))));

    assertThatThrownBy(() -> decryptor.unlock(layer.annotations()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_KEY))
        .hasMessageContaining("no suitable key unwrapper");
  }

  @Test
  void decrypt_flippedLayerByte_hmacMismatch() throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-rsa"));
    byte[] blob = Files.readAllBytes(layer.blob());
    blob[blob.length / 2] ^= 0x01;

    assertThatThrownBy(() -> decrypt(layer, layer.annotations(), blob, key("rsa.pem")))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
  }

  @Test
  void decrypt_flippedPuboptsHmac_hmacMismatch() throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-rsa"));
    PublicLayerOptions pub = PublicLayerOptions.fromAnnotation(layer.annotations().get(EncAnnotations.PUBOPTS));
    byte[] hmac = pub.hmac();
    hmac[0] ^= 0x01;
    Map<String, String> annotations = new HashMap<>(layer.annotations());
    annotations.put(EncAnnotations.PUBOPTS, PublicLayerOptions.of(hmac).toAnnotation());

    assertThatThrownBy(() -> decrypt(layer, annotations, Files.readAllBytes(layer.blob()), key("rsa.pem")))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
  }

  @ParameterizedTest
  @CsvSource({"dst-rsa, rsa.pem", "dst-ec, ec.pem", "dst-multi, ec.pem"})
  void unlock_flippedJweCiphertext_jweInvalid(String layout, String keyFile) throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve(layout));
    String jwe = new String(Base64s.decodeStd(layer.annotations().get(EncAnnotations.KEYS_JWE)), StandardCharsets.UTF_8);
    int at = jwe.indexOf("\"ciphertext\":\"") + 20;
    char flipped = jwe.charAt(at) == 'A' ? 'B' : 'A';
    String tampered = jwe.substring(0, at) + flipped + jwe.substring(at + 1);
    Map<String, String> annotations = new HashMap<>(layer.annotations());
    annotations.put(EncAnnotations.KEYS_JWE, Base64s.encodeStd(tampered.getBytes(StandardCharsets.UTF_8)));
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(key(keyFile)))));

    assertThatThrownBy(() -> decryptor.unlock(annotations))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.JWE_INVALID));
  }

  @Test
  void unlock_missingPubopts_missingPubopts() throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-rsa"));
    Map<String, String> annotations = new HashMap<>(layer.annotations());
    annotations.remove(EncAnnotations.PUBOPTS);
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(key("rsa.pem")))));

    assertThatThrownBy(() -> decryptor.unlock(annotations))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_PUBOPTS));
  }

  @Test
  void decryptingStream_flippedLayerByte_throwsIntegrityAtEof() throws Exception {
    CryptVectors.Layer layer = CryptVectors.firstLayer(vec.resolve("dst-ec"));
    byte[] blob = Files.readAllBytes(layer.blob());
    blob[0] ^= 0x40;
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(key("ec.pem")))));
    try (UnlockedLayer unlocked = decryptor.unlock(layer.annotations());
        InputStream in = unlocked.decryptingStream(new ByteArrayInputStream(blob))) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOfSatisfying(LayerIntegrityIOException.class,
              e -> assertThat(e.failure().reason()).isEqualTo(Reason.HMAC_MISMATCH));
    }
  }
}
