package dev.claviger.agent.cdh;

import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEY_PRIVATE;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEY_PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.ResourcePath;
import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfidentialDataHubTest {
  private static final SecureRandom RND = new SecureRandom();
  private static final byte[] SECRET = "the workload's database password".getBytes(StandardCharsets.UTF_8);

  @TempDir Path keyDir;
  private MapSource kbs;
  private ConfidentialDataHub hub;
  private SecretBytes kek;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(keyDir.resolve("test-key"), TEST_KEY_PUBLIC);
    kek = SecretBytes.random(32, RND);
    kbs =
        new MapSource()
            .put("one/2/trois", SECRET)
            .put("default/sealing/jwk", TEST_KEY_PUBLIC)
            .put("default/kek/1", kek.toByteArray());
    hub = ConfidentialDataHub.builder(kbs).sealedSecretKeyDir(keyDir).build();
  }

  private static CdhException.Kind kindOf(SealedSecretTest.ThrowingRunnable r) {
    try {
      r.run();
    } catch (CdhException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("no exception");
  }

  private static String seal(SecretPayload payload, String kid) throws CdhException {
    return SealedSecret.seal(payload, utf8(TEST_KEY_PRIVATE), kid);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kbs:///one/2/trois", "kbs://kbs.example:8080/one/2/trois", "kbs+resource:///one/2/trois", "/one/2/trois", "one/2/trois"})
  void getResource_acceptedForms_fetchFromSource(String uri) throws Exception {
    assertThat(hub.getResource(uri).contentEquals(SECRET)).isTrue();
    assertThat(kbs.fetched).containsExactly(new ResourcePath("one", "2", "trois"));
  }

  @Test
  void getResource_pluginUri_unsupported() {
    assertThat(kindOf(() -> hub.getResource("kbs+pkcs11:///one/2/trois"))).isEqualTo(CdhException.Kind.UNSUPPORTED);
    assertThat(kbs.fetched).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kbs:///one/2/../trois", "kbs:///one/2/trois?x=1", "http://x/one/2/trois", "one/trois", ""})
  void getResource_badUri_malformed(String uri) {
    assertThat(kindOf(() -> hub.getResource(uri))).isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kbs.fetched).isEmpty();
  }

  @Test
  void getResource_sourceFailure_propagatesResourceUnavailable() {
    assertThat(kindOf(() -> hub.getResource("kbs:///no/such/thing"))).isEqualTo(CdhException.Kind.RESOURCE_UNAVAILABLE);
  }

  @Test
  void getResource_twice_asksSourceTwice() throws Exception {
    hub.getResource("kbs:///one/2/trois");
    hub.getResource("kbs:///one/2/trois");
    assertThat(kbs.fetched).hasSize(2);
  }

  @Test
  void unsealSecret_upstreamExampleWithLocalKeyFile_returnsVaultResource() throws Exception {
    // upstream's test-key public half (from the reference document) replaces ours under kid "test-key"
    Files.writeString(keyDir.resolve("test-key"), GuestComponentsDoc.testKeyPublicJwk());
    try (SecretBytes s = hub.unsealSecret(GuestComponentsDoc.sealedExample() + "\n")) {
      assertThat(s.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void unsealSecret_kidIsKbsUri_fetchesJwkFromKbs() throws Exception {
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "kbs:///default/sealing/jwk");
    ConfidentialDataHub noDir = ConfidentialDataHub.builder(kbs).build();
    assertThat(noDir.unsealSecret(sealed).contentEquals(SECRET)).isTrue();
    assertThat(kbs.fetched).containsExactly(ResourcePath.parse("default/sealing/jwk"), ResourcePath.parse("one/2/trois"));
  }

  @Test
  void unsealSecret_fileKidWithoutKeyDir_verificationFailed() throws Exception {
    ConfidentialDataHub noDir = ConfidentialDataHub.builder(kbs).build();
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "test-key");
    assertThat(kindOf(() -> noDir.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    assertThat(kbs.fetched).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../test-key", "sub/../../test-key", "/etc/passwd", "./test-key", "", "a//b", "test-key/"})
  void unsealSecret_traversalKid_verificationFailed(String kid) throws Exception {
    Files.createDirectories(keyDir.resolve("sub"));
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), kid);
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    assertThat(kbs.fetched).isEmpty();
  }

  @Test
  void unsealSecret_symlinkKidEscapingKeyDir_verificationFailed(@TempDir Path outside) throws Exception {
    Path target = outside.resolve("evil.jwk");
    Files.writeString(target, TEST_KEY_PUBLIC);
    Files.createSymbolicLink(keyDir.resolve("evil"), target);
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "evil");
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void unsealSecret_kidInSubdirectory_accepted() throws Exception {
    Files.createDirectories(keyDir.resolve("team"));
    Files.writeString(keyDir.resolve("team/key.jwk"), TEST_KEY_PUBLIC);
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "team/key.jwk");
    assertThat(hub.unsealSecret(sealed).contentEquals(SECRET)).isTrue();
  }

  @Test
  void unsealSecret_missingKeyFile_io() throws Exception {
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "absent");
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.IO);
  }

  @Test
  void unsealSecret_keyFileNotP256_verificationFailed() throws Exception {
    Files.writeString(keyDir.resolve("oct"), "{\"kty\":\"oct\",\"k\":\"AAAA\"}");
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "oct");
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void unsealSecret_tamperedSignature_verificationFailedBeforeAnyFetch() throws Exception {
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "test-key");
    int sigStart = sealed.lastIndexOf('.') + 1;
    char c = sealed.charAt(sigStart + 5);
    String tampered = sealed.substring(0, sigStart + 5) + (c == 'A' ? 'B' : 'A') + sealed.substring(sigStart + 6);
    assertThat(kindOf(() -> hub.unsealSecret(tampered))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
    assertThat(kbs.fetched).isEmpty();
  }

  @Test
  void unsealSecret_vaultOtherProvider_unsupportedNamingIt() throws Exception {
    String sealed = seal(new SecretPayload.Vault("db-password", "aliyun", Map.of(), Map.of()), "test-key");
    assertThatThrownBy(() -> hub.unsealSecret(sealed))
        .isInstanceOfSatisfying(CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.UNSUPPORTED))
        .hasMessageContaining("aliyun");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A256GCM", "A256CTR"})
  void unsealSecret_kbsEnvelope_roundTrips(String wrap) throws Exception {
    var env = SecretPayload.Envelope.sealWithKbsKek("kbs:///default/kek/1", kek, SECRET, WrapType.valueOf(wrap), RND);
    assertThat(env.iv()).hasSize(WrapType.valueOf(wrap).ivLength());
    try (SecretBytes s = hub.unsealSecret(seal(env, "test-key"))) {
      assertThat(s.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void unsealSecret_envelopeGcmTagFlipped_decryptionFailed() throws Exception {
    var env = SecretPayload.Envelope.sealWithKbsKek("kbs:///default/kek/1", kek, SECRET, WrapType.A256GCM, RND);
    byte[] data = env.encryptedData();
    data[data.length - 1] ^= 1;
    var bad = new SecretPayload.Envelope(env.keyId(), env.encryptedKey(), data, env.wrapType(), env.iv(), "kbs", Map.of(), Map.of());
    assertThat(kindOf(() -> hub.unsealSecret(seal(bad, "test-key")))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void unsealSecret_envelopeWrappedKeyFlippedOrWrongKek_decryptionFailed() throws Exception {
    var env = SecretPayload.Envelope.sealWithKbsKek("kbs:///default/kek/1", kek, SECRET, WrapType.A256GCM, RND);
    byte[] wrapped = env.encryptedKey();
    wrapped[3] ^= 1;
    var bad = new SecretPayload.Envelope(env.keyId(), wrapped, env.encryptedData(), env.wrapType(), env.iv(), "kbs", Map.of(), Map.of());
    assertThat(kindOf(() -> hub.unsealSecret(seal(bad, "test-key")))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
    kbs.put("default/kek/2", new byte[32]);
    var otherKek = new SecretPayload.Envelope("kbs:///default/kek/2", env.encryptedKey(), env.encryptedData(), env.wrapType(), env.iv(), "kbs", Map.of(), Map.of());
    assertThat(kindOf(() -> hub.unsealSecret(seal(otherKek, "test-key")))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void unsealSecret_envelopeIvOfWrongLength_decryptionFailed() throws Exception {
    var env = SecretPayload.Envelope.sealWithKbsKek("kbs:///default/kek/1", kek, SECRET, WrapType.A256CTR, RND);
    var bad = new SecretPayload.Envelope(env.keyId(), env.encryptedKey(), env.encryptedData(), WrapType.A256CTR, new byte[12], "kbs", Map.of(), Map.of());
    assertThat(kindOf(() -> hub.unsealSecret(seal(bad, "test-key")))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aliyun", "aws", "ehsm", "vault9000"})
  void unsealSecret_envelopeUnregisteredProvider_unsupportedNamingIt(String provider) throws Exception {
    var env = new SecretPayload.Envelope("k", new byte[40], new byte[20], WrapType.A256GCM, new byte[12], provider, Map.of(), Map.of());
    assertThatThrownBy(() -> hub.unsealSecret(seal(env, "test-key")))
        .isInstanceOfSatisfying(CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.UNSUPPORTED))
        .hasMessageContaining("'" + provider + "'");
  }

  @Test
  void unsealSecret_registeredEnvelopeKms_receivesKeyIdAndAnnotations() throws Exception {
    SecretBytes dek = SecretBytes.random(32, RND);
    byte[] iv = new byte[12];
    byte[] data = dev.claviger.agent.cdh.internal.WrapCiphers.encrypt(WrapType.A256GCM, dek, iv, SECRET);
    Map<String, Object> seen = new HashMap<>();
    EnvelopeKms fake =
        (ct, keyId, ann) -> {
          seen.put("ct", ct);
          seen.put("keyId", keyId);
          seen.put("ann", ann);
          return SecretBytes.copyOf(dek.toByteArray());
        };
    ConfidentialDataHub withKms = ConfidentialDataHub.builder(kbs).sealedSecretKeyDir(keyDir).envelopeKms("aliyun", fake).build();
    var env = new SecretPayload.Envelope("key-7", new byte[] {9, 9}, data, WrapType.A256GCM, iv, "aliyun", Map.of(), Map.of("version_id", "v1"));
    assertThat(withKms.unsealSecret(seal(env, "test-key")).contentEquals(SECRET)).isTrue();
    assertThat(seen).containsEntry("keyId", "key-7").containsEntry("ann", Map.of("version_id", "v1"));
    assertThat((byte[]) seen.get("ct")).containsExactly(9, 9);
  }

  @Test
  void unsealSecret_kmsReturnsNothing_kmsFailed() throws Exception {
    ConfidentialDataHub broken = ConfidentialDataHub.builder(kbs).sealedSecretKeyDir(keyDir).envelopeKms("aws", (a, b, c) -> null).build();
    var env = new SecretPayload.Envelope("k", new byte[40], new byte[20], WrapType.A256GCM, new byte[12], "aws", Map.of(), Map.of());
    assertThat(kindOf(() -> broken.unsealSecret(seal(env, "test-key")))).isEqualTo(CdhException.Kind.KMS_FAILED);
  }

  @Test
  void unsealSecret_kmsReturnsShortDek_decryptionFailed() throws Exception {
    ConfidentialDataHub shortDek = ConfidentialDataHub.builder(kbs).sealedSecretKeyDir(keyDir)
        .envelopeKms("aws", (a, b, c) -> SecretBytes.copyOf(new byte[16])).build();
    var env = new SecretPayload.Envelope("k", new byte[40], new byte[20], WrapType.A256GCM, new byte[12], "aws", Map.of(), Map.of());
    assertThat(kindOf(() -> shortDek.unsealSecret(seal(env, "test-key")))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void unsealSecret_oversizedKeyFile_verificationFailed() throws Exception {
    Files.write(keyDir.resolve("huge"), new byte[64 * 1024]);
    String sealed = seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), "huge");
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }

  @Test
  void builder_registeringKbsProvider_rejected() {
    assertThatThrownBy(() -> ConfidentialDataHub.builder(kbs).envelopeKms("kbs", (a, b, c) -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsealSecret_legacyUnsignedForm_rejectedUnlessSkipIsSet() throws Exception {
    String legacy = "sealed.fakejwsheader." + Base64s.encodeUrlNoPad(SecretPayload.Vault.kbs("kbs:///one/2/trois").toJson()) + ".fakesignature";
    assertThat(kindOf(() -> hub.unsealSecret(legacy))).isEqualTo(CdhException.Kind.MALFORMED);
    ConfidentialDataHub skipping = ConfidentialDataHub.builder(kbs).skipSealedSecretVerification(true).build();
    assertThat(skipping.unsealSecret(legacy).contentEquals(SECRET)).isTrue();
    assertThat(skipping.toString()).contains("skipSealedSecretVerification=true");
  }

  @Test
  void unsealSecret_signedByUnknownKeyWithSkipUnset_verificationFailed() throws Exception {
    String sealed = SealedSecret.seal(SecretPayload.Vault.kbs("kbs:///one/2/trois"), utf8(CdhTestVectors.TEST_KEY_2_PRIVATE), "test-key");
    assertThat(kindOf(() -> hub.unsealSecret(sealed))).isEqualTo(CdhException.Kind.VERIFICATION_FAILED);
  }
}
