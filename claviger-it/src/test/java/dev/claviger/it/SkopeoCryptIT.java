package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.agent.cdh.ResourceSource;
import dev.claviger.cli.image.DecryptCommand;
import dev.claviger.cli.image.EncryptCommand;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.image.crypt.CryptKeys;
import dev.claviger.image.crypt.EncAnnotations;
import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageDecryptor;
import dev.claviger.image.crypt.ImageEncryptor;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.JweRecipient;
import dev.claviger.image.crypt.KeyProviderResolver;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.crypt.LayerSelection;
import dev.claviger.image.oci.CopyResult;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageCopier;
import dev.claviger.image.oci.ImageLocation;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.OciLayout;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * ocicrypt interop with Debian's skopeo 1.9.3 (ocicrypt 1.0.3) through a real docker-registry: we
 * encrypt while pushing (ImageCopier + encrypt transform) and skopeo decrypts from the registry to
 * the original manifest digest; skopeo encrypts into the registry and we decrypt while pulling.
 * Recipients: RSA (RSA-OAEP), EC P-256 (ECDH-ES+A256KW), and both at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SkopeoCryptIT {
  @TempDir static Path dir;
  private RegistryFixture registry;
  private Skopeo skopeo;
  private final SecureRandom random = new SecureRandom();
  private final KeyPair rsa = generate("RSA");
  private final KeyPair ec = generate("EC");
  private final KeyPair stranger = generate("RSA");
  private OciLayout plain;
  private ImageManifest original;

  @BeforeAll
  void start() throws Exception {
    skopeo = Skopeo.create();
    registry = RegistryFixture.start();
    TestImages.Image image = TestImages.builder().layer().file("etc/motd", "encrypted hello\n")
        .layer().file("app/data.bin", "second layer").build();
    plain = OciLayout.open(image.writeLayout(dir.resolve("plain"), "v1"));
    original = (ImageManifest) plain.readManifest(plain.resolve("v1").orElseThrow());
    for (String name : List.of("rsa", "ec", "stranger")) {
      KeyPair kp = name.equals("rsa") ? rsa : name.equals("ec") ? ec : stranger;
      // PKCS#8: ocicrypt 1.0.3 ignores SEC1 "EC PRIVATE KEY" files.
      Files.writeString(dir.resolve(name + ".key"), pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
      Files.writeString(dir.resolve(name + ".pub"), pem(kp.getPublic()));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (skopeo != null) {
      skopeo.close();
    }
  }

  private static KeyPair generate(String type) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type);
      if (type.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
    return w.toString();
  }

  private List<String> names(String which) {
    return which.equals("multi") ? List.of("rsa", "ec") : List.of(which);
  }

  private String ref(String repo) {
    return "docker://" + registry.host() + "/crypt/" + repo + ":v1";
  }

  private ImageLocation.Registry registryImage(String repo) throws Exception {
    RegistryClient client = RegistryClient.builder().insecure(registry.host()).build();
    return new ImageLocation.Registry(client, ImageReference.parse(registry.host() + "/crypt/" + repo + ":v1"));
  }

  @Test
  void weDecrypt_wrongKey_noMatchingKeyAndNoImageWritten() throws Exception {
    skopeo.run("copy", "-q", "--dest-tls-verify=false", "--encryption-key", "jwe:" + dir.resolve("ec.pub"),
        "oci:" + plain.dir() + ":v1", ref("skopeo-wrong"));
    OciLayout out = OciLayout.create(dir.resolve("ours-wrong"));
    ImageDecryptor decryptor = new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(stranger.getPrivate())))));

    assertThatThrownBy(() -> ImageCopier.builder().layerTransform(decryptor.asLayerTransform()).build()
        .copy(registryImage("skopeo-wrong"), new ImageLocation.Layout(out, "v1")))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(ImageCryptException.Reason.NO_MATCHING_KEY));
    assertThat(out.tags()).isEmpty();
  }

  /**
   * The kbs key provider end to end: {@code claviger image encrypt} registers a fresh KEK in a real
   * {@code claviger server} and pushes; the guest side attests (sample TEE) through the confidential
   * data hub and decrypts while pulling. The same image also carries a JWE recipient that skopeo
   * opens (skopeo 1.9.3 ignores the key-provider annotation).
   */
  @Test
  void kbsProvider_cliRegistersKek_guestDecryptsAfterAttestation() throws Exception {
    try (ClavigerFixture kbs = ClavigerFixture.start(dir.resolve("kbs"))) {
      kbs.seed("default/unrelated/x", new byte[] {1});
      String kid = "kbs:///default/image-key/kbs-it";
      int exit = new CommandLine(new EncryptCommand()).execute("oci:" + plain.dir() + ":v1", ref("kbs"),
          "--dest-insecure", "--encryption-key", "provider:kbs:" + kid,
          "--encryption-key", "jwe:" + dir.resolve("ec.pub"),
          "--kbs-url", kbs.url().toString(), "--kbs-admin-token", kbs.adminToken().toString());
      assertThat(exit).isZero();
      ImageLocation.Registry remote = registryImage("kbs");
      ImageManifest encrypted = (ImageManifest) remote.client().getManifest(remote.ref());
      assertThat(encrypted.layers()).allSatisfy(l -> assertThat(l.annotations())
          .containsKeys("org.opencontainers.image.enc.keys.provider.attestation-agent", EncAnnotations.KEYS_JWE));

      ConfidentialDataHub hub = ConfidentialDataHub.builder(ResourceSource.of(kbs.client().build())).build();
      OciLayout out = OciLayout.create(dir.resolve("kbs-dec"));
      CopyResult result = ImageCopier.builder()
          .layerTransform(new ImageDecryptor(new LayerDecryptor(List.of(KeyProviderResolver.of(hub)))).asLayerTransform())
          .build().copy(remote, new ImageLocation.Layout(out, "v1"));
      assertThat(result.written().digest()).isEqualTo(original.digest());

      Path skopeoOut = dir.resolve("kbs-skopeo-dec");
      skopeo.run("copy", "-q", "--src-tls-verify=false", "--decryption-key", dir.resolve("ec.key").toString(),
          ref("kbs"), "oci:" + skopeoOut + ":v1");
      assertThat(manifestDigest(OciLayout.open(skopeoOut), "v1")).isEqualTo(original.digest().toString());
    }
  }

  /** coco_keyprovider's spelling with a caller-held KEK file, registered by the operator. */
  @Test
  void kbsProvider_keypathKekRegisteredByOperator_guestDecrypts() throws Exception {
    try (ClavigerFixture kbs = ClavigerFixture.start(dir.resolve("kbs-keypath"))) {
      byte[] kek = new byte[32];
      random.nextBytes(kek);
      Path kekFile = dir.resolve("kek.bin");
      Files.write(kekFile, kek);
      kbs.seed("default/image-key/operator", kek);
      int exit = new CommandLine(new EncryptCommand()).execute("oci:" + plain.dir() + ":v1", ref("kbs-keypath"),
          "--dest-insecure", "--encryption-key",
          "provider:attestation-agent:keyid=kbs:///default/image-key/operator::keypath=" + kekFile);
      assertThat(exit).isZero();

      ConfidentialDataHub hub = ConfidentialDataHub.builder(ResourceSource.of(kbs.client().build())).build();
      OciLayout out = OciLayout.create(dir.resolve("kbs-keypath-dec"));
      CopyResult result = ImageCopier.builder()
          .layerTransform(new ImageDecryptor(new LayerDecryptor(List.of(KeyProviderResolver.of(hub)))).asLayerTransform())
          .build().copy(registryImage("kbs-keypath"), new ImageLocation.Layout(out, "v1"));
      assertThat(result.written().digest()).isEqualTo(original.digest());
    }
  }

  @Test
  void decryptCommand_skopeoEncryptedRegistryImage_originalDigestOrExit3() throws Exception {
    skopeo.run("copy", "-q", "--dest-tls-verify=false", "--encryption-key", "jwe:" + dir.resolve("rsa.pub"),
        "oci:" + plain.dir() + ":v1", ref("skopeo-cli"));
    Path out = dir.resolve("cli-dec");

    int exit = new CommandLine(new DecryptCommand()).execute(ref("skopeo-cli"), "oci:" + out + ":v1",
        "--src-insecure", "--decryption-key", dir.resolve("rsa.key").toString());

    assertThat(exit).isZero();
    assertThat(manifestDigest(OciLayout.open(out), "v1")).isEqualTo(original.digest().toString());
    int wrong = new CommandLine(new DecryptCommand()).execute(ref("skopeo-cli"), "oci:" + dir.resolve("cli-wrong") + ":v1",
        "--src-insecure", "--decryption-key", dir.resolve("stranger.key").toString());
    assertThat(wrong).isEqualTo(3);
  }

  private static String manifestDigest(OciLayout layout, String tag) throws Exception {
    return layout.resolve(tag).orElseThrow().digest().toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec", "multi"})
  void skopeoDecrypts_ourEncryptionViaRegistry_originalManifestDigest(String which) throws Exception {
    List<JweRecipient> recipients = new ArrayList<>();
    for (String name : names(which)) {
      recipients.add(CryptKeys.recipient(Files.readAllBytes(dir.resolve(name + ".pub"))));
    }
    // Our copier pushes while our encryptor transforms each layer.
    ImageEncryptor encryptor = new ImageEncryptor(new LayerEncryptor(recipients, random), LayerSelection.all());
    ImageCopier.builder().layerTransform(encryptor.asLayerTransform(original.layers().size())).build()
        .copy(new ImageLocation.Layout(plain, "v1"), registryImage("ours-" + which));

    for (String name : names(which)) {
      Path out = dir.resolve("skopeo-dec-" + which + "-" + name);
      skopeo.run("copy", "-q", "--src-tls-verify=false", "--decryption-key", dir.resolve(name + ".key").toString(),
          ref("ours-" + which), "oci:" + out + ":v1");
      assertThat(manifestDigest(OciLayout.open(out), "v1")).isEqualTo(original.digest().toString());
    }
    Skopeo.Result wrong = skopeo.tryRun("copy", "-q", "--src-tls-verify=false", "--decryption-key",
        dir.resolve("stranger.key").toString(), ref("ours-" + which), "oci:" + dir.resolve("x-" + which) + ":v1");
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.stderr()).contains("no suitable key unwrapper");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec", "multi"})
  void weDecrypt_skopeoEncryptionViaRegistry_originalManifestDigest(String which) throws Exception {
    List<String> args = new ArrayList<>(List.of("copy", "-q", "--dest-tls-verify=false"));
    for (String name : names(which)) {
      args.add("--encryption-key");
      args.add("jwe:" + dir.resolve(name + ".pub"));
    }
    args.add("oci:" + plain.dir() + ":v1");
    args.add(ref("skopeo-" + which));
    skopeo.run(args.toArray(String[]::new));
    ImageLocation.Registry remote = registryImage("skopeo-" + which);
    ImageManifest encrypted = (ImageManifest) remote.client().getManifest(remote.ref());
    assertThat(encrypted.layers()).allSatisfy(l -> assertThat(l.mediaType()).endsWith("+encrypted"));
    String jwe = new String(Base64s.decodeStd(encrypted.layers().get(0).annotations().get(EncAnnotations.KEYS_JWE)),
        StandardCharsets.UTF_8);
    assertThat(Json.parse(jwe).has("recipients")).isEqualTo(which.equals("multi"));

    for (String name : names(which)) {
      PrivateKey key = CryptKeys.privateKey(Files.readAllBytes(dir.resolve(name + ".key")), Optional.empty());
      OciLayout out = OciLayout.create(dir.resolve("ours-dec-" + which + "-" + name));
      // Our registry client pulls, our decryptor restores each layer.
      ImageDecryptor decryptor = new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(key)))));
      CopyResult result = ImageCopier.builder().layerTransform(decryptor.asLayerTransform()).build()
          .copy(remote, new ImageLocation.Layout(out, "v1"));
      assertThat(result.written().digest()).isEqualTo(original.digest());
      assertThat(out.resolve("v1").orElseThrow().digest()).isEqualTo(original.digest());
      for (Descriptor layer : original.layers()) {
        assertThat(Files.readAllBytes(out.blobPath(layer.digest()))).isEqualTo(Files.readAllBytes(plain.blobPath(layer.digest())));
      }
    }
  }

  @Test
  void skopeoDecrypts_ourSecondLayerOnly_originalManifestDigest() throws Exception {
    OciLayout enc = OciLayout.create(dir.resolve("ours-last"));
    new ImageEncryptor(new LayerEncryptor(List.of(JweRecipient.of(ec.getPublic())), random), LayerSelection.of(-1))
        .encrypt(plain, "v1", enc, "v1");
    Path out = dir.resolve("skopeo-dec-last");
    skopeo.run("copy", "-q", "--decryption-key", dir.resolve("ec.key").toString(), "oci:" + enc.dir() + ":v1",
        "oci:" + out + ":v1");
    assertThat(manifestDigest(OciLayout.open(out), "v1")).isEqualTo(original.digest().toString());
  }
}
