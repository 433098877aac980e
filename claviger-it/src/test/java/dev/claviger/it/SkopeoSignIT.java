package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.cli.image.SignCommand;
import dev.claviger.cli.image.VerifyCommand;
import dev.claviger.core.Json;
import dev.claviger.image.oci.DigestMismatchException;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.policy.KeyResolver;
import dev.claviger.image.policy.PolicyVerifier;
import dev.claviger.image.policy.RegistrySignatureSource;
import dev.claviger.image.policy.SignaturePolicy;
import dev.claviger.image.policy.VerifiedImage;
import dev.claviger.image.sign.GnuPg;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.GpgSigningKey;
import dev.claviger.image.sign.Lookaside;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SimpleSigning;
import dev.claviger.image.testing.RegistryFixture;
import dev.claviger.image.testing.Skopeo;
import dev.claviger.image.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Simple-signing interop with the real peers: Debian skopeo 1.9.3 (gpgme) signs into a file
 * lookaside and our policy engine verifies; we sign and skopeo verifies; and both refuse the same
 * bad images. Both sides read the same policy.json and the same registries.d directory. The
 * {@code claviger image sign/verify} commands are exercised the same way, for GPG and cosign.
 *
 * <p>Cosign has no Debian peer (skopeo 1.9.3 is built with sigstore disabled); cosign interop is
 * covered by the upstream containers/image cosign vector in claviger-image's CosignTest.
 */
class SkopeoSignIT {
  private static RegistryFixture registry;
  private static Skopeo skopeo;
  private static GnuPg gpg;
  private static GnuPg rogueGpg;
  private static String fpr;
  private static String rogueFpr;
  private static Path work;
  private static Path sigs;
  private static RegistryClient client;
  private static final List<AutoCloseable> CLOSE = new ArrayList<>();

  @BeforeAll
  static void peers() throws Exception {
    skopeo = Skopeo.create();
    CLOSE.add(skopeo);
    gpg = GnuPg.create();
    CLOSE.add(gpg);
    rogueGpg = GnuPg.create();
    CLOSE.add(rogueGpg);
    registry = RegistryFixture.start();
    CLOSE.add(registry);
    fpr = gpg.generateKey("Claviger Test Signer <signer@claviger.test>");
    rogueFpr = rogueGpg.generateKey("Rogue <rogue@claviger.test>");
    work = skopeo.workDir();
    sigs = Files.createDirectories(work.resolve("sigs"));
    Files.write(work.resolve("signer.gpg"), gpg.exportPublic(fpr));
    Files.writeString(skopeo.registriesDir().resolve("local.yaml"), "docker:\n  " + registry.host()
        + ":\n    lookaside: file://" + sigs + "\n    lookaside-staging: file://" + sigs + "\n");
    // one policy file for both verifiers; oci: sources (our pushes) are accepted
    Files.writeString(skopeo.policyFile(), "{\"default\":[{\"type\":\"reject\"}],\"transports\":{"
        + "\"docker\":{\"" + registry.host() + "/demo\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
        + "\"keyPath\":\"" + work.resolve("signer.gpg") + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}],"
        + "\"" + registry.host() + "/exact\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
        + "\"keyPath\":\"" + work.resolve("signer.gpg") + "\"}]},"
        + "\"oci\":{\"\":[{\"type\":\"insecureAcceptAnything\"}]}}}");
    client = RegistryClient.builder().insecure(registry.host()).build();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = CLOSE.size() - 1; i >= 0; i--) {
      CLOSE.get(i).close();
    }
  }

  private static TestImages.Image image(String text) {
    return TestImages.builder().file("/id.txt", text + "\n").build();
  }

  /** Pushes through skopeo, optionally signing with {@code --sign-by}. */
  private static void push(TestImages.Image img, String repoTag, GnuPg signer, String signerFpr)
      throws Exception {
    Path layout = img.writeLayout(work.resolve("src-" + UUID.randomUUID()), "v1");
    List<String> args = new ArrayList<>(List.of("copy", "-q", "--dest-tls-verify=false"));
    if (signer != null) {
      args.addAll(List.of("--sign-by", signerFpr));
    }
    args.addAll(List.of("oci:" + layout + ":v1", "docker://" + registry.host() + "/" + repoTag));
    skopeo.run(signer == null ? Map.of() : signer.env(), args.toArray(String[]::new));
  }

  private static ImageReference ref(String repoTag) throws Exception {
    return ImageReference.parse(registry.host() + "/" + repoTag);
  }

  private static VerifiedImage ourVerify(String repoTag) throws Exception {
    ImageReference ref = ref(repoTag);
    Manifest m = client.getManifest(ref);
    PolicyVerifier v = PolicyVerifier.create(SignaturePolicy.parse(Files.readAllBytes(skopeo.policyFile())),
        KeyResolver.files(), Clock.systemUTC());
    return v.verify(ref, m.digest(), m.bytes(),
        RegistrySignatureSource.create(client, RegistriesD.load(skopeo.registriesDir())));
  }

  private static Kind ourKind(String repoTag) {
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> ourVerify(repoTag));
    assertThat(e).as("our verifier must refuse " + repoTag).isNotNull();
    return e.kind();
  }

  /** skopeo's verdict: null when it accepts, else its error text. */
  private static String skopeoVerdict(String repoTag) throws Exception {
    Skopeo.Result r = skopeo.tryRun("copy", "-q", "--remove-signatures", "--src-tls-verify=false",
        "docker://" + registry.host() + "/" + repoTag,
        "oci:" + work.resolve("out-" + UUID.randomUUID()) + ":v1");
    return r.ok() ? null : r.stderr();
  }

  private static Path sigFile(String repo, String digestHex, int n) {
    return sigs.resolve(repo + "@sha256=" + digestHex).resolve("signature-" + n);
  }

  private static String digestHex(String repoTag) throws Exception {
    return client.getManifest(ref(repoTag)).digest().encoded();
  }

  @Test
  void skopeoSigned_verifiedByUs_andBadCasesEachTyped() throws Exception {
    push(image("signed"), "demo/signed:v1", gpg, fpr);
    assertThat(sigFile("demo/signed", digestHex("demo/signed:v1"), 1)).exists();
    assertThat(ourVerify("demo/signed:v1").acceptedBy()).containsExactly("signedBy " + fpr);
    assertThat(skopeoVerdict("demo/signed:v1")).isNull();

    push(image("unsigned"), "demo/unsigned:v1", null, null);
    assertThat(ourKind("demo/unsigned:v1")).isEqualTo(Kind.UNSIGNED);
    assertThat(skopeoVerdict("demo/unsigned:v1")).contains("no signature exists");

    push(image("replay"), "demo/replay:v1", null, null);
    Path replayed = sigFile("demo/replay", digestHex("demo/replay:v1"), 1);
    Files.createDirectories(replayed.getParent());
    Files.copy(sigFile("demo/signed", digestHex("demo/signed:v1"), 1), replayed);
    assertThat(ourKind("demo/replay:v1")).isEqualTo(Kind.DIGEST_MISMATCH);
    assertThat(skopeoVerdict("demo/replay:v1")).contains("does not match");

    // a registry-to-registry copy carries the lookaside signature to the new name
    skopeo.run("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false",
        "docker://" + registry.host() + "/demo/signed:v1", "docker://" + registry.host() + "/demo/renamed:v1");
    assertThat(sigFile("demo/renamed", digestHex("demo/renamed:v1"), 1)).exists();
    assertThat(ourKind("demo/renamed:v1")).isEqualTo(Kind.IDENTITY_MISMATCH);
    assertThat(skopeoVerdict("demo/renamed:v1")).contains("is not accepted");

    push(image("rogue"), "demo/rogue:v1", rogueGpg, rogueFpr);
    assertThat(ourKind("demo/rogue:v1")).isEqualTo(Kind.UNTRUSTED_KEY);
    assertThat(skopeoVerdict("demo/rogue:v1")).contains("Invalid GPG signature");
  }

  @Test
  void skopeoSigned_flippedByte_refusedByBoth() throws Exception {
    push(image("flip"), "demo/flip:v1", gpg, fpr);
    Path sig = sigFile("demo/flip", digestHex("demo/flip:v1"), 1);
    byte[] b = Files.readAllBytes(sig);
    b[b.length - 20] ^= 1;
    Files.write(sig, b);
    assertThat(ourKind("demo/flip:v1")).isIn(Kind.BAD_SIGNATURE, Kind.UNTRUSTED_KEY);
    // gpgme reports either "Invalid GPG signature" or "Unexpected GPG signature count 0"
    assertThat(skopeoVerdict("demo/flip:v1")).contains("GPG signature");
  }

  @Test
  void skopeoSigned_tamperedLayer_signatureStillValid_layerPullFails() throws Exception {
    TestImages.Image img = image("layer");
    push(img, "demo/layer:v1", gpg, fpr);
    String layerHex = img.layers().get(0).blob().hex();
    Path data;
    try (Stream<Path> s = Files.walk(registry.storage())) {
      data = s.filter(p -> p.endsWith(Path.of("blobs", "sha256", layerHex.substring(0, 2), layerHex, "data")))
          .findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(data);
    b[b.length / 2] ^= 1;
    Files.write(data, b);
    // the signature covers the manifest, which is intact: the verifier accepts it ...
    VerifiedImage v = ourVerify("demo/layer:v1");
    ImageManifest m = (ImageManifest) client.getManifest(ref("demo/layer:v1"));
    // ... and the pull refuses the layer by its digest, as skopeo does
    assertThatThrownBy(() -> client.readBlob(v.reference(), m.layers().get(0), 1 << 20))
        .isInstanceOf(DigestMismatchException.class);
    assertThat(skopeoVerdict("demo/layer:v1")).isNotNull().containsIgnoringCase("digest");
  }

  @Test
  void ourSignature_verifiedBySkopeo_andBadCasesRefusedByBoth() throws Exception {
    GpgSigningKey key = GpgSigningKey.load(gpg.exportSecret(fpr), Optional.empty(), new char[0]);
    GpgSigningKey rogue = GpgSigningKey.load(rogueGpg.exportSecret(rogueFpr), Optional.empty(), new char[0]);
    assertThat(key.fingerprint()).isEqualTo(fpr);
    RegistriesD conf = RegistriesD.load(skopeo.registriesDir());

    push(image("ours"), "demo/ours:v1", null, null);
    ImageReference ours = ref("demo/ours:v1");
    Manifest m = client.getManifest(ours);
    Lookaside.write(conf.lookasideBase(ours, true).orElseThrow(), m.digest(),
        SimpleSigning.sign(SimpleSigning.payload(ours.toString(), m.digest().toString(), Clock.systemUTC()),
            key, Clock.systemUTC()));
    assertThat(skopeoVerdict("demo/ours:v1")).isNull();
    assertThat(ourVerify("demo/ours:v1")).isNotNull();
    // and gpg-based standalone-verify agrees on the bytes
    Path manifestFile = Files.write(work.resolve("ours-manifest.json"), m.bytes());
    Skopeo.Result sv = skopeo.run(gpg.env(), "standalone-verify", manifestFile.toString(),
        ours.toString(), fpr, sigFile("demo/ours", m.digest().encoded(), 1).toString());
    assertThat(sv.stdout()).contains("Signature verified").contains(m.digest().toString());

    // exact identity (default matchRepoDigestOrExact): a signature for another tag is refused
    push(image("exact"), "exact/app:v1", null, null);
    ImageReference exact = ref("exact/app:v1");
    Manifest em = client.getManifest(exact);
    Lookaside.write(conf.lookasideBase(exact, true).orElseThrow(), em.digest(), SimpleSigning.sign(
        SimpleSigning.payload(registry.host() + "/exact/app:v2", em.digest().toString(), Clock.systemUTC()),
        key, Clock.systemUTC()));
    assertThat(ourKind("exact/app:v1")).isEqualTo(Kind.IDENTITY_MISMATCH);
    assertThat(skopeoVerdict("exact/app:v1")).contains("is not accepted");

    // our signature of demo/ours replayed onto another digest
    push(image("ours-replay"), "demo/ours-replay:v1", null, null);
    ImageReference replay = ref("demo/ours-replay:v1");
    Lookaside.write(conf.lookasideBase(replay, true).orElseThrow(), client.getManifest(replay).digest(),
        Files.readAllBytes(sigFile("demo/ours", m.digest().encoded(), 1)));
    assertThat(ourKind("demo/ours-replay:v1")).isEqualTo(Kind.DIGEST_MISMATCH);
    assertThat(skopeoVerdict("demo/ours-replay:v1")).contains("does not match");

    // signed by a key the policy does not trust
    push(image("ours-rogue"), "demo/ours-rogue:v1", null, null);
    ImageReference rogueRef = ref("demo/ours-rogue:v1");
    Manifest rm = client.getManifest(rogueRef);
    Lookaside.write(conf.lookasideBase(rogueRef, true).orElseThrow(), rm.digest(), SimpleSigning.sign(
        SimpleSigning.payload(rogueRef.toString(), rm.digest().toString(), Clock.systemUTC()),
        rogue, Clock.systemUTC()));
    assertThat(ourKind("demo/ours-rogue:v1")).isEqualTo(Kind.UNTRUSTED_KEY);
    assertThat(skopeoVerdict("demo/ours-rogue:v1")).contains("Invalid GPG signature");
  }

  @Test
  void skopeoStandaloneSign_verifiedByUs() throws Exception {
    byte[] manifest = image("standalone").manifest().bytes();
    Path mf = Files.write(work.resolve("standalone-manifest.json"), manifest);
    Path out = work.resolve("standalone.sig");
    skopeo.run(gpg.env(), "standalone-sign", "-o", out.toString(), mf.toString(),
        registry.host() + "/demo/x:v1", fpr);
    var verified = SimpleSigning.verify(Files.readAllBytes(out),
        dev.claviger.image.sign.GpgKeyring.parse(gpg.exportPublic(fpr)), Clock.systemUTC());
    assertThat(verified.payload().dockerReference()).isEqualTo(registry.host() + "/demo/x:v1");
    assertThat(verified.payload().manifestDigest())
        .isEqualTo(dev.claviger.image.oci.Digest.sha256(manifest).toString());
    assertThat(verified.payload().creator().orElse("")).startsWith("atomic");
    assertThat(new String(manifest, StandardCharsets.UTF_8)).contains("schemaVersion");
  }

  /** Runs a CLI command; returns exit code and stdout (stderr appended after a marker). */
  private static String[] cli(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void cli_signGpgThenVerify_skopeoAgrees_andUnsignedRefused() throws Exception {
    push(image("cli-gpg"), "demo/cli-gpg:v1", null, null);
    Path secret = Files.write(work.resolve("signer-secret.gpg"), gpg.exportSecret(fpr));
    String image = "docker://" + registry.host() + "/demo/cli-gpg:v1";
    String[] signed = cli(new SignCommand(), image, "--gpg-key", secret.toString(), "--key-id", fpr,
        "--registries.d", skopeo.registriesDir().toString(), "--insecure", "--json");
    assertThat(signed[0]).as(signed[2]).isEqualTo("0");
    JsonNode s = Json.parse(signed[1]);
    assertThat(s.get("format").asText()).isEqualTo("simple-signing");
    assertThat(s.get("stored").asText()).endsWith("/signature-1");
    assertThat(skopeoVerdict("demo/cli-gpg:v1")).isNull();

    String[] ok = cli(new VerifyCommand(), image, "--policy", skopeo.policyFile().toString(),
        "--registries.d", skopeo.registriesDir().toString(), "--insecure", "--json");
    assertThat(ok[0]).as(ok[2]).isEqualTo("0");
    JsonNode v = Json.parse(ok[1]);
    assertThat(v.get("verified").asBoolean()).isTrue();
    assertThat(v.get("acceptedBy").get(0).asText()).isEqualTo("signedBy " + fpr);

    push(image("cli-unsigned"), "demo/cli-unsigned:v1", null, null);
    String[] refused = cli(new VerifyCommand(), "docker://" + registry.host() + "/demo/cli-unsigned:v1",
        "--policy", skopeo.policyFile().toString(), "--registries.d", skopeo.registriesDir().toString(),
        "--insecure", "--json");
    assertThat(refused[0]).isEqualTo("1");
    assertThat(Json.parse(refused[1]).get("kind").asText()).isEqualTo("unsigned");
  }

  @Test
  void cli_signCosignThenVerify_andForeignKeyRefused() throws Exception {
    push(image("cli-cosign"), "cosigned/app:v1", null, null);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    var kp = g.generateKeyPair();
    // cosign's own encrypted key format, unlocked with a passphrase file
    byte[] envelope = dev.claviger.image.sign.internal.CosignEncryptedKey.encrypt(
        kp.getPrivate().getEncoded(), "s3cret".toCharArray(), new java.security.SecureRandom());
    Path key = Files.writeString(work.resolve("cosign.key"), "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(envelope)
        + "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    Path pass = Files.writeString(work.resolve("cosign.pass"), "s3cret\n");
    Path pub = Files.writeString(work.resolve("cosign.pub"), CosignKeys.toPublicPem(kp.getPublic()));
    Path policy = Files.writeString(work.resolve("cosign-policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
        + "\"transports\":{\"docker\":{\"" + registry.host() + "/cosigned\":[{\"type\":\"sigstoreSigned\","
        + "\"keyPath\":\"" + pub + "\"}]}}}");
    String image = "docker://" + registry.host() + "/cosigned/app:v1";
    assertThat(cli(new SignCommand(), image, "--cosign-key", key.toString(), "--insecure")[0])
        .as("wrong (empty) passphrase").isEqualTo("3");
    String[] signed = cli(new SignCommand(), image, "--cosign-key", key.toString(),
        "--passphrase-file", pass.toString(), "--insecure");
    assertThat(signed[0]).as(signed[2]).isEqualTo("0");
    assertThat(signed[1]).contains(".sig@sha256:");

    String[] ok = cli(new VerifyCommand(), image, "--policy", policy.toString(), "--insecure");
    assertThat(ok[0]).as(ok[2]).isEqualTo("0");
    assertThat(ok[1]).contains("sigstoreSigned cosign key sha256:");

    // the same image signed only by another key: refused
    push(image("cli-cosign-2"), "cosigned/other:v1", null, null);
    Path otherKey = Files.writeString(work.resolve("other.key"), CosignKeys.toPkcs8Pem(g.generateKeyPair().getPrivate()));
    String other = "docker://" + registry.host() + "/cosigned/other:v1";
    assertThat(cli(new SignCommand(), other, "--cosign-key", otherKey.toString(), "--insecure")[0]).isEqualTo("0");
    String[] refused = cli(new VerifyCommand(), other, "--policy", policy.toString(), "--insecure", "--json");
    assertThat(refused[0]).isEqualTo("1");
    assertThat(Json.parse(refused[1]).get("kind").asText()).isEqualTo("bad_signature");
  }
}
