package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.EncryptedLayer;
import dev.claviger.image.crypt.KbsRecipient;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignAttachments;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.testing.Peers;
import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confidential image story end to end, with real peers: a busybox image whose layers are
 * encrypted to a key held by {@code claviger server} (kbs key provider) and signed with cosign,
 * pushed to a real docker-registry; {@code claviger image run} attests with the sample TEE,
 * obtains the layer key through the confidential data hub, verifies the signature policy,
 * decrypts, unpacks and runs the container with real runc, which prints the image's file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageRunIT {
  @TempDir static Path dir;
  private final SecureRandom random = new SecureRandom();
  private ClavigerFixture kbs;
  private RegistryFixture registry;
  private RegistryClient client;
  private KeyPair cosignKey;
  private TestImages.Image image;
  private Path policy;
  private Path registriesD;

  @BeforeAll
  void start() throws Exception {
    Peers.require("runc", "runc");
    requireRoot();
    image = TestImages.busybox();
    registry = RegistryFixture.start();
    client = RegistryClient.builder().insecure(registry.host()).build();
    kbs = ClavigerFixture.start(dir.resolve("kbs"));
    kbs.registerSampleReferenceValues();
    kbs.setResourcePolicy(ClavigerFixture.AFFIRMING_POLICY);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    cosignKey = ec.generateKeyPair();
    Path cosignPub = Files.writeString(dir.resolve("cosign.pub"), CosignKeys.toPublicPem(cosignKey.getPublic()));
    policy = Files.writeString(dir.resolve("policy.json"), """
        {"default":[{"type":"reject"}],"transports":{"docker":{
          "%s/confidential":[{"type":"sigstoreSigned","keyPath":"%s"}]}}}
        """.formatted(registry.host(), cosignPub));
    registriesD = Files.createDirectories(dir.resolve("registries.d"));
  }

  private static void requireRoot() throws Exception {
    if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
      String msg = "runc needs root to create namespaces";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg + "; skipping");
    }
  }

  @AfterAll
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Encrypts every layer to a fresh KBS key, pushes the image, optionally stores the key and signs. */
  private ImageReference push(String tag, boolean keyInKbs, boolean signed) throws Exception {
    ImageReference ref = ImageReference.parse(registry.host() + "/confidential/busybox:" + tag);
    KbsRecipient recipient = KbsRecipient.generate("kbs:///default/image-key/" + tag, random);
    LayerEncryptor encryptor = new LayerEncryptor(List.of(recipient), random);
    List<Descriptor> layers = new ArrayList<>();
    for (TestImages.Layer l : image.layers()) {
      ByteArrayOutputStream ct = new ByteArrayOutputStream();
      EncryptedLayer e = encryptor.encrypt(new ByteArrayInputStream(l.blob().bytes()), ct);
      Descriptor d = Descriptor.of(MediaTypes.encrypted(l.blob().mediaType()), Digest.parse(e.digest()), e.size())
          .withAnnotations(e.annotations());
      byte[] bytes = ct.toByteArray();
      client.pushBlob(ref, d, () -> new ByteArrayInputStream(bytes), Optional.empty(), ProgressListener.NONE);
      layers.add(d);
    }
    byte[] config = image.config().bytes();
    Descriptor configD = Descriptor.ofBytes(MediaTypes.OCI_CONFIG, config);
    client.pushBlob(ref, configD, () -> new ByteArrayInputStream(config), Optional.empty(), ProgressListener.NONE);
    ImageManifest m = ImageManifest.create(MediaTypes.OCI_MANIFEST, configD, layers, Map.of());
    client.putManifest(ref, m);
    if (keyInKbs) {
      try (SecretBytes kek = recipient.kek()) {
        kbs.setResource(recipient.resourcePath(), kek.toByteArray());
      }
    }
    if (signed) {
      byte[] payload = Cosign.payload(ref.toString(), m.digest().toString()).toJson();
      CosignAttachments.append(client, ref, m.digest(), Cosign.sign(payload, cosignKey.getPrivate()));
    }
    return ref;
  }

  private ClavigerFixture.CliResult image(String command, ImageReference ref, String... extra) {
    List<String> args = new ArrayList<>(List.of("image", command, ref.toString(), "--policy", policy.toString(),
        "--registries.d", registriesD.toString(), "--kbs", kbs.url().toString(), "--tee", "sample",
        "--insecure-registry"));
    args.addAll(List.of(extra));
    return ClavigerFixture.cli(args.toArray(String[]::new));
  }

  @Test
  void imageRun_encryptedSignedImageKeyInKbs_printsContainerOutput() throws Exception {
    ImageReference ref = push("v1", true, true);

    ClavigerFixture.CliResult r = image("run", ref);

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.out()).isEqualTo(TestImages.HELLO);
  }

  @Test
  void imageRun_commandOverrideJson_reportsExitCodeOutputAndVerification() throws Exception {
    ImageReference ref = push("v2", true, true);

    ClavigerFixture.CliResult r = image("run", ref, "--json", "--", "/bin/sh", "-c", "cat /hello.txt; exit 4");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
    JsonNode j = Json.parse(r.stdout());
    assertThat(j.path("exit_code").asInt()).isEqualTo(4);
    assertThat(j.path("stdout").asText()).isEqualTo(TestImages.HELLO);
    assertThat(j.path("encrypted_layers").asInt()).isEqualTo(2);
    assertThat(j.path("accepted_by").get(0).asText()).startsWith("sigstoreSigned");
  }

  @Test
  void imageRun_unsignedImage_refusedBeforeAnyKeyIsReleased() throws Exception {
    ImageReference ref = push("unsigned", true, false);

    ClavigerFixture.CliResult r = image("run", ref);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("signature");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void imageRun_keyNotInKbs_refusedAtDecryption() throws Exception {
    ImageReference ref = push("nokey", false, true);

    ClavigerFixture.CliResult r = image("run", ref);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("decrypt");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void imageUnpack_encryptedSignedImage_writesBundle() throws Exception {
    ImageReference ref = push("v3", true, true);
    Path bundle = dir.resolve("bundle-v3");

    ClavigerFixture.CliResult r = image("unpack", ref, bundle.toString(), "--json");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.readString(bundle.resolve("rootfs/hello.txt"), StandardCharsets.UTF_8)).isEqualTo(TestImages.HELLO);
    assertThat(Json.parse(Files.readAllBytes(bundle.resolve("config.json"))).path("process").path("args").get(0).asText())
        .isEqualTo("/bin/cat");
    assertThat(Json.parse(r.stdout()).path("bundle").asText()).isEqualTo(bundle.toString());
  }
}
