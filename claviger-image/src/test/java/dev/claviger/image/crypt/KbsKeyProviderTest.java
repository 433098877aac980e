package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.cdh.AnnotationPacket;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kbs key provider: CoCo annotation packets, opened through the confidential data hub. */
class KbsKeyProviderTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final String KID = "kbs:///default/image-key/app1";
  final byte[] plain = new byte[300_000];
  final Map<String, SecretBytes> kbs = new HashMap<>();
  final List<String> fetched = new ArrayList<>();

  KbsKeyProviderTest() {
    new Random(3).nextBytes(plain);
  }

  ConfidentialDataHub hub() {
    return ConfidentialDataHub.builder(path -> {
      fetched.add(path.toString());
      SecretBytes kek = kbs.get(path.toString());
      if (kek == null) {
        throw new CdhException(CdhException.Kind.RESOURCE_UNAVAILABLE, "no resource " + path);
      }
      return SecretBytes.copyOf(kek.toByteArray());
    }).build();
  }

  EncryptedLayer encrypt(List<LayerRecipient> recipients, ByteArrayOutputStream out) throws Exception {
    return new LayerEncryptor(recipients, RANDOM).encrypt(new ByteArrayInputStream(plain), out);
  }

  byte[] decrypt(Map<String, String> annotations, byte[] ciphertext, LayerKeyResolver... resolvers) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (UnlockedLayer layer = new LayerDecryptor(List.of(resolvers)).unlock(annotations)) {
      layer.decrypt(new ByteArrayInputStream(ciphertext), out);
    }
    return out.toByteArray();
  }

  @Test
  void encrypt_kbsRecipient_packetOpensThroughDataHub() throws Exception {
    KbsRecipient recipient = KbsRecipient.generate(KID, RANDOM);
    kbs.put(recipient.resourcePath(), recipient.kek());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    EncryptedLayer layer = encrypt(List.of(recipient), out);

    String annotation = layer.annotations().get("org.opencontainers.image.enc.keys.provider.attestation-agent");
    AnnotationPacket packet = AnnotationPacket.parse(Base64s.decodeStd(annotation));
    assertThat(packet.kid()).isEqualTo(KID);
    assertThat(packet.wrapType()).isEqualTo("A256GCM");
    assertThat(packet.iv()).hasSize(12);
    assertThat(layer.annotations()).doesNotContainKey(EncAnnotations.KEYS_JWE).containsKey(EncAnnotations.PUBOPTS);
    assertThat(decrypt(layer.annotations(), out.toByteArray(), KeyProviderResolver.of(hub()))).isEqualTo(plain);
    assertThat(fetched).containsExactly("default/image-key/app1");
  }

  @Test
  void encrypt_jweAndKbs_eitherPathOpens() throws Exception {
    KbsRecipient recipient = KbsRecipient.generate(KID, RANDOM);
    kbs.put(recipient.resourcePath(), recipient.kek());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptedLayer layer = encrypt(List.of(JweRecipient.of(JweCodecTest.RSA.getPublic()), recipient), out);

    assertThat(decrypt(layer.annotations(), out.toByteArray(),
        new JweKeyResolver(List.of(JweCodecTest.RSA.getPrivate())))).isEqualTo(plain);
    assertThat(decrypt(layer.annotations(), out.toByteArray(),
        new JweKeyResolver(List.of(JweCodecTest.P256.getPrivate())), KeyProviderResolver.of(hub()))).isEqualTo(plain);
  }

  @Test
  void unlock_wrongKekInKbs_keyProviderError() throws Exception {
    KbsRecipient recipient = KbsRecipient.generate(KID, RANDOM);
    kbs.put(recipient.resourcePath(), SecretBytes.random(32, RANDOM));
    EncryptedLayer layer = encrypt(List.of(recipient), new ByteArrayOutputStream());

    assertThatThrownBy(() -> new LayerDecryptor(List.of(KeyProviderResolver.of(hub()))).unlock(layer.annotations()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_PROVIDER));
  }

  @Test
  void unlock_resourceMissing_keyProviderError() throws Exception {
    EncryptedLayer layer = encrypt(List.of(KbsRecipient.generate(KID, RANDOM)), new ByteArrayOutputStream());

    assertThatThrownBy(() -> new LayerDecryptor(List.of(KeyProviderResolver.of(hub()))).unlock(layer.annotations()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_PROVIDER))
        .hasMessageContaining("no resource");
  }

  @Test
  void unlock_providerAnswersNumberArray_accepted() throws Exception {
    KbsRecipient recipient = KbsRecipient.generate(KID, RANDOM);
    kbs.put(recipient.resourcePath(), recipient.kek());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptedLayer layer = encrypt(List.of(recipient), out);
    List<String> requests = new ArrayList<>();
    ConfidentialDataHub hub = hub();
    KeyProviderResolver rustStyle = new KeyProviderResolver("attestation-agent", json -> {
      requests.add(new String(json, StandardCharsets.UTF_8));
      String b64 = dev.claviger.core.Json.parse(hub.unwrapKey(json)).get("keyunwrapresults").get("optsdata").textValue();
      StringBuilder numbers = new StringBuilder();
      for (byte b : Base64s.decodeStd(b64)) {
        numbers.append(numbers.isEmpty() ? "" : ",").append(b & 0xff);
      }
      return ("{\"keyunwrapresults\":{\"optsdata\":[" + numbers + "]}}").getBytes(StandardCharsets.UTF_8);
    });

    assertThat(decrypt(layer.annotations(), out.toByteArray(), rustStyle)).isEqualTo(plain);
    assertThat(requests.get(0)).startsWith("{\"op\":\"keyunwrap\"")
        .contains("\"annotation\":\"" + layer.annotations().get(EncAnnotations.provider("attestation-agent")) + "\"");
  }

  @Test
  void unlock_providerNameDiffers_noMatchingKey() throws Exception {
    EncryptedLayer layer = encrypt(List.of(KbsRecipient.generate(KID, RANDOM)), new ByteArrayOutputStream());
    KeyProviderResolver other = new KeyProviderResolver("other", json -> {
      throw new AssertionError("must not be called");
    });

    assertThatThrownBy(() -> new LayerDecryptor(List.of(other)).unlock(layer.annotations()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_KEY));
  }

  @Test
  void unlock_providerReturnsGarbage_keyProviderOrMalformed() throws Exception {
    EncryptedLayer layer = encrypt(List.of(KbsRecipient.generate(KID, RANDOM)), new ByteArrayOutputStream());
    for (String reply : new String[] {"{}", "{\"keyunwrapresults\":{\"optsdata\":[256]}}", "[1]",
        "{\"keyunwrapresults\":{\"optsdata\":\"e30=\"}}"}) {
      KeyProviderResolver broken = new KeyProviderResolver("attestation-agent", json -> reply.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> new LayerDecryptor(List.of(broken)).unlock(layer.annotations()))
          .isInstanceOfSatisfying(ImageCryptException.class,
              e -> assertThat(e.reason()).isIn(Reason.KEY_PROVIDER, Reason.MALFORMED));
    }
  }

  @Test
  void resourcePath_matchesAgentParser() {
    assertThat(ResourcePath.parse(KbsRecipient.generate(KID, RANDOM).resourcePath()).toUri()).isEqualTo(KID);
  }
}
