package dev.claviger.image.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.JweRecipient;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.pipeline.ImagePipelineException.Stage;
import dev.claviger.image.policy.KeyResolver;
import dev.claviger.image.policy.PolicyVerifier;
import dev.claviger.image.policy.SignaturePolicy;
import dev.claviger.image.policy.SignatureSource;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.TestImages;
import dev.claviger.image.unpack.UnpackException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline against a real docker-registry, with in-memory cosign signatures. */
class GuestImagePipelineTest {
  static RegistryFixture registry;
  static RegistryClient client;
  static TestImages.Image image;
  static KeyPair cosignKey;
  static KeyPair rsa;
  static KeyPair otherRsa;

  @TempDir Path tmp;

  /** Cosign signatures by manifest digest, counting fetches. */
  static final class MemorySignatures implements SignatureSource {
    final Map<Digest, List<CosignSignature>> cosign = new HashMap<>();
    int fetches;

    @Override
    public List<byte[]> simpleSigningSignatures(ImageReference image, Digest d) {
      fetches++;
      return List.of();
    }

    @Override
    public List<CosignSignature> cosignSignatures(ImageReference image, Digest d) {
      fetches++;
      return cosign.getOrDefault(d, List.of());
    }

    void sign(ImageReference identity, Digest d) throws Exception {
      byte[] payload = Cosign.payload(identity.toString(), d.toString()).toJson();
      cosign.put(d, List.of(Cosign.sign(payload, cosignKey.getPrivate())));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryFixture.start();
    client = RegistryClient.builder().insecure(registry.host()).build();
    image = TestImages.busybox();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    cosignKey = ec.generateKeyPair();
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    rsa = r.generateKeyPair();
    otherRsa = r.generateKeyPair();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private ImageReference ref(String repoTag) throws Exception {
    return ImageReference.parse(registry.host() + "/" + repoTag);
  }

  private PolicyVerifier policy(String json) throws Exception {
    Files.writeString(tmp.resolve("cosign.pub"), CosignKeys.toPublicPem(cosignKey.getPublic()));
    String text = json.replace("$DIR", tmp.toString()).replace("$REG", registry.host());
    return PolicyVerifier.create(SignaturePolicy.parse(text.getBytes(StandardCharsets.UTF_8)), KeyResolver.files(),
        Clock.systemUTC());
  }

  private static final String ACCEPT = """
      {"default":[{"type":"insecureAcceptAnything"}]}""";
  private static final String REJECT = """
      {"default":[{"type":"reject"}]}""";
  private static final String COSIGNED = """
      {"default":[{"type":"reject"}],"transports":{"docker":{
        "$REG/signed":[{"type":"sigstoreSigned","keyPath":"$DIR/cosign.pub"}]}}}""";

  private static LayerEncryptor encryptor(KeyPair kp) throws Exception {
    return new LayerEncryptor(List.of(JweRecipient.of(kp.getPublic())), new SecureRandom());
  }

  private GuestImagePipeline.Builder pipeline(PolicyVerifier verifier, SignatureSource sigs) {
    return GuestImagePipeline.builder().registry(client).verifier(verifier).signatures(sigs);
  }

  private static void assertStage(Throwable t, Stage stage) {
    assertThat(t).isInstanceOfSatisfying(ImagePipelineException.class, e -> assertThat(e.stage()).isEqualTo(stage));
  }

  @Test
  void prepare_acceptedPlainImage_writesRootfsAndConfig() throws Exception {
    ImageReference ref = ref("plain/busybox:v1");
    PushedImages.push(client, ref, image, null);
    Path bundle = tmp.resolve("bundle");
    PreparedImage p = pipeline(policy(ACCEPT), new MemorySignatures()).build().prepare(ref, bundle);
    assertThat(Files.readString(bundle.resolve("rootfs/hello.txt"))).isEqualTo(TestImages.HELLO);
    assertThat(Files.isRegularFile(bundle.resolve("config.json"))).isTrue();
    assertThat(p.spec().args()).containsExactly("/bin/cat", "/hello.txt");
    assertThat(p.layers()).hasSize(2);
    assertThat(p.encryptedLayers()).isZero();
    assertThat(p.verified().acceptedBy()).containsExactly("insecureAcceptAnything");
  }

  @Test
  void prepare_cosignSignedEncryptedImage_decryptsWithTheRightKey() throws Exception {
    ImageReference ref = ref("signed/busybox:v1");
    ImageManifest m = PushedImages.push(client, ref, image, encryptor(rsa));
    MemorySignatures sigs = new MemorySignatures();
    sigs.sign(ref, m.digest());
    PreparedImage p = pipeline(policy(COSIGNED), sigs)
        .decryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(otherRsa.getPrivate(), rsa.getPrivate())))))
        .build().prepare(ref, tmp.resolve("bundle"));
    assertThat(p.encryptedLayers()).isEqualTo(2);
    assertThat(p.manifestDigest()).isEqualTo(m.digest());
    assertThat(Files.readString(p.bundle().rootfs().resolve("hello.txt"))).isEqualTo(TestImages.HELLO);
  }

  @Test
  void prepare_encryptedWithoutOrWithWrongKey_failsAtDecryptWithoutBundle() throws Exception {
    ImageReference ref = ref("enc/busybox:v1");
    PushedImages.push(client, ref, image, encryptor(rsa));
    Path bundle = tmp.resolve("bundle");
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures()).build().prepare(ref, bundle))
        .satisfies(t -> assertStage(t, Stage.DECRYPT));
    assertThat(bundle).doesNotExist();
    LayerDecryptor wrong = new LayerDecryptor(List.of(new JweKeyResolver(List.of(otherRsa.getPrivate()))));
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures()).decryptor(wrong).build()
        .prepare(ref, bundle)).satisfies(t -> assertStage(t, Stage.DECRYPT));
    assertThat(bundle).doesNotExist();
  }

  @Test
  void prepare_rejectPolicy_failsAtSignatureBeforeAnyBlob() throws Exception {
    ImageReference ref = ref("rejected/busybox:v1");
    PushedImages.push(client, ref, image, null);
    Path bundle = tmp.resolve("bundle");
    assertThatThrownBy(() -> pipeline(policy(REJECT), new MemorySignatures()).build().prepare(ref, bundle))
        .satisfies(t -> assertStage(t, Stage.SIGNATURE));
    assertThat(bundle).doesNotExist();
  }

  @Test
  void prepare_unsignedOrReplayedSignature_failsAtSignature() throws Exception {
    ImageReference ref = ref("signed/unsigned:v1");
    ImageManifest m = PushedImages.push(client, ref, image, null);
    MemorySignatures none = new MemorySignatures();
    assertThatThrownBy(() -> pipeline(policy(COSIGNED), none).build().prepare(ref, tmp.resolve("b1")))
        .satisfies(t -> assertStage(t, Stage.SIGNATURE));
    // a valid signature for another image, served for this digest
    MemorySignatures replay = new MemorySignatures();
    replay.sign(ref, Digest.sha256("another manifest".getBytes(StandardCharsets.UTF_8)));
    replay.cosign.put(m.digest(), replay.cosign.values().iterator().next());
    assertThatThrownBy(() -> pipeline(policy(COSIGNED), replay).build().prepare(ref, tmp.resolve("b2")))
        .satisfies(t -> assertStage(t, Stage.SIGNATURE));
  }

  @Test
  void prepare_configWithWrongDiffId_failsAtUnpackAndDiscardsBundle() throws Exception {
    ImageReference ref = ref("lying/busybox:v1");
    PushedImages.push(client, ref, image, null, Digest.sha256("not this layer".getBytes(StandardCharsets.UTF_8)));
    Path bundle = tmp.resolve("bundle");
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures()).build().prepare(ref, bundle))
        .satisfies(t -> assertStage(t, Stage.UNPACK))
        .satisfies(t -> assertThat(((UnpackException) t.getCause()).kind())
            .isEqualTo(UnpackException.Kind.DIFF_ID_MISMATCH));
    assertThat(bundle).doesNotExist();
  }

  @Test
  void prepare_cachedBlobs_policyIsStillEvaluatedOnEveryUse() throws Exception {
    ImageReference ref = ref("signed/cached:v1");
    ImageManifest m = PushedImages.push(client, ref, image, encryptor(rsa));
    MemorySignatures sigs = new MemorySignatures();
    sigs.sign(ref, m.digest());
    Path cache = tmp.resolve("cache");
    LayerDecryptor keys = new LayerDecryptor(List.of(new JweKeyResolver(List.of(rsa.getPrivate()))));
    GuestImagePipeline p = pipeline(policy(COSIGNED), sigs).decryptor(keys).cacheDir(cache).build();
    p.prepare(ref, tmp.resolve("first"));
    p.prepare(ref, tmp.resolve("second"));
    assertThat(sigs.fetches).as("signatures fetched on both uses").isGreaterThanOrEqualTo(2);
    sigs.cosign.clear(); // the signature is withdrawn: the cached image must no longer run
    assertThatThrownBy(() -> p.prepare(ref, tmp.resolve("third"))).satisfies(t -> assertStage(t, Stage.SIGNATURE));
  }

  @Test
  void prepare_tamperedCacheFile_failsAtBlobDigest() throws Exception {
    ImageReference ref = ref("plain/tamper:v1");
    ImageManifest m = PushedImages.push(client, ref, image, null);
    Path cache = tmp.resolve("cache");
    GuestImagePipeline p = pipeline(policy(ACCEPT), new MemorySignatures()).cacheDir(cache).build();
    p.prepare(ref, tmp.resolve("first"));
    Path cached = cache.resolve("sha256").resolve(m.layers().get(1).digest().encoded());
    byte[] bytes = Files.readAllBytes(cached);
    bytes[bytes.length / 2] ^= 1;
    Files.write(cached, bytes);
    Path bundle = tmp.resolve("second");
    assertThatThrownBy(() -> p.prepare(ref, bundle)).satisfies(t -> assertStage(t, Stage.BLOB_DIGEST));
    assertThat(bundle).doesNotExist();
  }

  @Test
  void prepare_nonEmptyBundleDir_refused() throws Exception {
    ImageReference ref = ref("plain/busybox:v2");
    PushedImages.push(client, ref, image, null);
    Path bundle = Files.createDirectories(tmp.resolve("bundle"));
    Files.writeString(bundle.resolve("keep"), "mine");
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures()).build().prepare(ref, bundle))
        .satisfies(t -> assertStage(t, Stage.IO));
    try (Stream<Path> s = Files.list(bundle)) {
      assertThat(s).hasSize(1);
    }
  }

  @Test
  void prepare_measurement_recordsUpstreamPullImageEvent() throws Exception {
    ImageReference ref = ref("plain/measured:v1");
    ImageManifest m = PushedImages.push(client, ref, image, null);
    List<String> events = new java.util.ArrayList<>();
    pipeline(policy(ACCEPT), new MemorySignatures())
        .measurement((img, digest) -> events.add(PullMeasurement.eventContent(img, digest)))
        .build().prepare(ref, tmp.resolve("bundle"));
    assertThat(events).containsExactly(
        "{\"image\":\"" + ref + "\", \"digest\":\"" + m.digest() + "\"}");
  }

  @Test
  void prepare_measurementFails_failsAtMeasureWithoutBundle() throws Exception {
    ImageReference ref = ref("plain/unmeasured:v1");
    PushedImages.push(client, ref, image, null);
    Path bundle = tmp.resolve("bundle");
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures())
        .measurement((img, digest) -> {
          throw new IllegalStateException("event log unavailable");
        })
        .build().prepare(ref, bundle)).satisfies(t -> assertStage(t, Stage.MEASURE));
    assertThat(bundle).doesNotExist();
  }

  @Test
  void prepare_missingTag_failsAtPull() throws Exception {
    assertThatThrownBy(() -> pipeline(policy(ACCEPT), new MemorySignatures()).build()
        .prepare(ref("nothing/here:v1"), tmp.resolve("b"))).satisfies(t -> assertStage(t, Stage.PULL));
  }
}
