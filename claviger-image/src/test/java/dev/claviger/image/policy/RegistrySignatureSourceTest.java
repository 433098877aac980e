package dev.claviger.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignAttachments;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.sign.GpgSigningKey;
import dev.claviger.image.sign.Lookaside;
import dev.claviger.image.sign.PgpTestKeys;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SimpleSigning;
import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures stored in a real registry (docker-registry) and a file lookaside. */
class RegistrySignatureSourceTest {
  private static RegistryFixture registry;
  private static RegistryClient client;
  private static KeyPair cosignKey;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryFixture.start();
    client = RegistryClient.builder().insecure(registry.host()).build();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    cosignKey = g.generateKeyPair();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Digest push(String repoTag, TestImages.Image img) throws Exception {
    ImageReference ref = ImageReference.parse(registry.host() + "/" + repoTag);
    for (TestImages.Blob b : img.blobs()) {
      client.pushBlob(ref, Descriptor.of(b.mediaType(), Digest.parse(b.digest()), b.size()),
          () -> new ByteArrayInputStream(b.bytes()), Optional.empty(), ProgressListener.NONE);
    }
    return client.putManifest(ref, ImageManifest.parse(img.manifest().bytes()));
  }

  @Test
  void cosign_appendTwiceThenVerify_bothLayersReadAndAccepted() throws Exception {
    TestImages.Image img = TestImages.hello();
    Digest d = push("demo/cosigned:v1", img);
    ImageReference ref = ImageReference.parse(registry.host() + "/demo/cosigned:v1");
    String identity = registry.host() + "/demo/cosigned:v1";
    CosignSignature first = Cosign.sign(Cosign.payload(identity, d.toString()).toJson(), cosignKey.getPrivate());
    CosignAttachments.append(client, ref, d, first);
    CosignAttachments.append(client, ref, d, first); // idempotent
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    CosignSignature other = Cosign.sign(Cosign.payload(identity, d.toString()).toJson(),
        g.generateKeyPair().getPrivate());
    CosignAttachments.append(client, ref, d, other);

    RegistrySignatureSource src = RegistrySignatureSource.create(client, RegistriesD.empty());
    assertThat(src.cosignSignatures(ref, d)).containsExactly(first, other);
    assertThat(client.listTags(ref)).contains("sha256-" + d.encoded() + ".sig");

    Path pub = tmp.resolve("cosign.pub");
    Files.writeString(pub, CosignKeys.toPublicPem(cosignKey.getPublic()));
    PolicyVerifier v = PolicyVerifier.create(SignaturePolicy.parse(
        ("{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + pub + "\"}]}")
            .getBytes(StandardCharsets.UTF_8)), KeyResolver.files(), Clock.systemUTC());
    assertThat(v.verify(ref, d, img.manifest().bytes(), src).acceptedBy()).hasSize(1);
  }

  @Test
  void cosign_noAttachment_unsigned() throws Exception {
    TestImages.Image img = TestImages.builder().file("/x", "unsigned\n").build();
    Digest d = push("demo/unsigned:v1", img);
    ImageReference ref = ImageReference.parse(registry.host() + "/demo/unsigned:v1");
    RegistrySignatureSource src = RegistrySignatureSource.create(client, RegistriesD.empty());
    assertThat(src.cosignSignatures(ref, d)).isEmpty();
    assertThat(src.simpleSigningSignatures(ref, d)).isEmpty();
  }

  @Test
  void cosign_tamperedLayerBlobInRegistry_unavailable() throws Exception {
    TestImages.Image img = TestImages.builder().file("/t", "tamper\n").build();
    Digest d = push("demo/tampered:v1", img);
    ImageReference ref = ImageReference.parse(registry.host() + "/demo/tampered:v1");
    byte[] payload = Cosign.payload(registry.host() + "/demo/tampered:v1", d.toString()).toJson();
    CosignAttachments.append(client, ref, d, Cosign.sign(payload, cosignKey.getPrivate()));
    // rewrite the stored payload blob on disk: the registry now serves other bytes
    Digest blob = Digest.sha256(payload);
    Path data;
    try (Stream<Path> s = Files.walk(registry.storage())) {
      data = s.filter(p -> p.toString().contains("/blobs/sha256/" + blob.encoded().substring(0, 2)
          + "/" + blob.encoded() + "/data")).findFirst().orElseThrow();
    }
    byte[] evil = payload.clone();
    evil[evil.length - 3] ^= 1;
    Files.write(data, evil);
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> RegistrySignatureSource.create(client, RegistriesD.empty()).cosignSignatures(ref, d));
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void simpleSigning_fileLookasideFromRegistriesD_verifies() throws Exception {
    TestImages.Image img = TestImages.builder().file("/g", "gpg\n").build();
    Digest d = push("demo/gpg:v1", img);
    ImageReference ref = ImageReference.parse(registry.host() + "/demo/gpg:v1");
    Path sigs = tmp.resolve("sigs");
    RegistriesD conf = RegistriesD.parse(Map.of("l.yaml", ("docker:\n  " + registry.host()
        + ":\n    lookaside: " + sigs.toUri() + "\n").getBytes(StandardCharsets.UTF_8)));
    PgpTestKeys.Generated key = PgpTestKeys.rsa("T <t@example.test>");
    byte[] sig = SimpleSigning.sign(SimpleSigning.payload(ref.toString(), d.toString(), Clock.systemUTC()),
        GpgSigningKey.load(key.secretRing(), Optional.empty(), new char[0]), Clock.systemUTC());
    Lookaside.write(conf.lookasideBase(ref, true).orElseThrow(), d, sig);
    assertThat(sigs.resolve("demo/gpg@sha256=" + d.encoded() + "/signature-1")).exists();

    Files.write(tmp.resolve("k.gpg"), key.publicRing());
    PolicyVerifier v = PolicyVerifier.create(SignaturePolicy.parse(
        ("{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
            + tmp.resolve("k.gpg") + "\"}]}").getBytes(StandardCharsets.UTF_8)),
        KeyResolver.files(), Clock.systemUTC());
    RegistrySignatureSource src = RegistrySignatureSource.create(client, conf);
    assertThat(v.verify(ref, d, img.manifest().bytes(), src).acceptedBy()).hasSize(1);
    // the same image under a configuration without lookaside has no signatures
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> v.verify(ref, d,
        img.manifest().bytes(), RegistrySignatureSource.create(client, RegistriesD.empty())));
    assertThat(e.kind()).isEqualTo(Kind.UNSIGNED);
  }
}
