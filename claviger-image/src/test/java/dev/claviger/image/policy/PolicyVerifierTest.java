package dev.claviger.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignFixtures;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.sign.GpgSigningKey;
import dev.claviger.image.sign.PgpTestKeys;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureFixtures;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SimpleSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyVerifierTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_MANIFEST = "{\"schemaVersion\":2,\"config\":{}}".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(MANIFEST);
  private static final Digest OTHER = Digest.sha256(OTHER_MANIFEST);

  private static PgpTestKeys.Generated trusted;
  private static PgpTestKeys.Generated rogue;
  private static KeyPair cosignKey;
  /** Keys whose signatures are built by the test's own OpenPGP writer, not {@link SimpleSigning}. */
  private static SignatureFixtures.Key fixtureKey;
  private static SignatureFixtures.Key otherFixtureKey;

  @TempDir Path tmp;

  /** Signatures by manifest digest, counting fetches. */
  static final class MemorySource implements SignatureSource {
    final Map<Digest, List<byte[]>> gpg = new HashMap<>();
    final Map<Digest, List<CosignSignature>> cosign = new HashMap<>();
    int fetches;

    @Override
    public List<byte[]> simpleSigningSignatures(ImageReference image, Digest d) {
      fetches++;
      return gpg.getOrDefault(d, List.of());
    }

    @Override
    public List<CosignSignature> cosignSignatures(ImageReference image, Digest d) {
      fetches++;
      return cosign.getOrDefault(d, List.of());
    }

    void addGpg(Digest d, byte[] sig) {
      gpg.computeIfAbsent(d, k -> new ArrayList<>()).add(sig);
    }
  }

  @BeforeAll
  static void keys() throws Exception {
    trusted = PgpTestKeys.rsa("Trusted <t@example.test>");
    rogue = PgpTestKeys.rsa("Rogue <r@example.test>");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    cosignKey = g.generateKeyPair();
    fixtureKey = SignatureFixtures.primaryOnly("Fixture <f@example.test>", NOW.instant().minusSeconds(86400));
    otherFixtureKey = SignatureFixtures.primaryOnly("Other <o@example.test>", NOW.instant().minusSeconds(86400));
  }

  private static ImageReference ref(String text) throws Exception {
    return ImageReference.parse(text);
  }

  private static byte[] gpgSign(PgpTestKeys.Generated key, String identity, Digest digest) throws Exception {
    GpgSigningKey k = GpgSigningKey.load(key.secretRing(), Optional.empty(), new char[0]);
    return SimpleSigning.sign(SimpleSigning.payload(identity, digest.toString(), NOW), k, NOW);
  }

  private PolicyVerifier verifier(String policyJson) throws Exception {
    Files.write(tmp.resolve("trusted.gpg"), trusted.publicRing());
    Files.writeString(tmp.resolve("cosign.pub"), CosignKeys.toPublicPem(cosignKey.getPublic()));
    String json = policyJson.replace("$DIR", tmp.toString());
    return PolicyVerifier.create(SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8)),
        KeyResolver.files(), NOW);
  }

  private static final String SIGNED_BY = """
      {"default":[{"type":"reject"}],"transports":{"docker":{
        "reg.test/demo":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/trusted.gpg",
                          "signedIdentity":{"type":"matchRepository"}}],
        "reg.test/exact":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/trusted.gpg"}],
        "reg.test/open":[{"type":"insecureAcceptAnything"}],
        "reg.test/cosign":[{"type":"sigstoreSigned","keyPath":"$DIR/cosign.pub"}],
        "reg.test/cosign-repo":[{"type":"sigstoreSigned","keyPath":"$DIR/cosign.pub",
                                 "signedIdentity":{"type":"matchRepository"}}],
        "reg.test/both":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/trusted.gpg"},
                         {"type":"sigstoreSigned","keyPath":"$DIR/cosign.pub"}],
        "reg.test/fulcio":[{"type":"sigstoreSigned","fulcio":{"caPath":"/ca"},"rekorPublicKeyPath":"/r"}],
        "reg.test/x509":[{"type":"signedBy","keyType":"X509Certificates","keyPath":"$DIR/trusted.gpg"}],
        "reg.test/missing-key":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$DIR/nope.gpg"}]
      }}}""";

  private Kind kindOf(PolicyVerifier v, String image, MemorySource src) {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> v.verify(ref(image), DIGEST, MANIFEST, src));
    assertThat(e).as(image).isNotNull();
    return e.kind();
  }

  @Test
  void verify_trustedSignature_returnsVerifiedImage() throws Exception {
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/app:v1", DIGEST));
    VerifiedImage v = verifier(SIGNED_BY).verify(ref("reg.test/demo/app:v1"), DIGEST, MANIFEST, src);
    assertThat(v.manifestDigest()).isEqualTo(DIGEST);
    assertThat(v.scope()).isEqualTo("docker:reg.test/demo");
    assertThat(v.acceptedBy()).singleElement().asString().startsWith("signedBy ");
  }

  @Test
  void verify_eachFailure_hasItsOwnKind() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource unsigned = new MemorySource();
    assertThat(kindOf(v, "reg.test/demo/app:v1", unsigned)).isEqualTo(Kind.UNSIGNED);

    MemorySource wrongKey = new MemorySource();
    wrongKey.addGpg(DIGEST, gpgSign(rogue, "reg.test/demo/app:v1", DIGEST));
    assertThat(kindOf(v, "reg.test/demo/app:v1", wrongKey)).isEqualTo(Kind.UNTRUSTED_KEY);

    MemorySource tampered = new MemorySource();
    byte[] sig = gpgSign(trusted, "reg.test/demo/app:v1", DIGEST);
    sig[sig.length - 20] ^= 1;
    tampered.addGpg(DIGEST, sig);
    assertThat(kindOf(v, "reg.test/demo/app:v1", tampered)).isEqualTo(Kind.BAD_SIGNATURE);

    MemorySource replayed = new MemorySource();
    replayed.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/app:v1", OTHER));
    assertThat(kindOf(v, "reg.test/demo/app:v1", replayed)).isEqualTo(Kind.DIGEST_MISMATCH);

    MemorySource otherRepo = new MemorySource();
    otherRepo.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/other:v1", DIGEST));
    assertThat(kindOf(v, "reg.test/demo/app:v1", otherRepo)).isEqualTo(Kind.IDENTITY_MISMATCH);

    assertThat(kindOf(v, "reg.test/elsewhere:v1", new MemorySource())).isEqualTo(Kind.REJECTED);
    assertThat(kindOf(v, "reg.test/fulcio/x:1", new MemorySource())).isEqualTo(Kind.UNSUPPORTED);
    assertThat(kindOf(v, "reg.test/x509/x:1", new MemorySource())).isEqualTo(Kind.UNSUPPORTED);
    assertThat(kindOf(v, "reg.test/missing-key/x:1", new MemorySource())).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void verify_defaultSignedByIdentity_requiresExactTag() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource otherTag = new MemorySource();
    otherTag.addGpg(DIGEST, gpgSign(trusted, "reg.test/exact/app:v2", DIGEST));
    assertThat(kindOf(v, "reg.test/exact/app:v1", otherTag)).isEqualTo(Kind.IDENTITY_MISMATCH);
    // pulled by digest: any tag of the repository is accepted (matchRepoDigestOrExact)
    assertThat(v.verify(ref("reg.test/exact/app@" + DIGEST), DIGEST, MANIFEST, otherTag)).isNotNull();
  }

  @Test
  void verify_oneGoodAmongBadSignatures_accepted_andFurthestFailureReported() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, gpgSign(rogue, "reg.test/demo/app:v1", DIGEST));
    src.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/app:v1", OTHER));
    assertThat(kindOf(v, "reg.test/demo/app:v1", src)).isEqualTo(Kind.DIGEST_MISMATCH);
    src.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/app:v1", DIGEST));
    assertThat(v.verify(ref("reg.test/demo/app:v1"), DIGEST, MANIFEST, src).acceptedBy()).hasSize(1);
  }

  @Test
  void verify_everyCall_refetchesSignatures() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, gpgSign(trusted, "reg.test/demo/app:v1", DIGEST));
    v.verify(ref("reg.test/demo/app:v1"), DIGEST, MANIFEST, src);
    src.gpg.clear();
    assertThat(kindOf(v, "reg.test/demo/app:v1", src)).isEqualTo(Kind.UNSIGNED);
    assertThat(src.fetches).isEqualTo(2);
  }

  @Test
  void verify_manifestBytesNotMatchingDigest_digestMismatch() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> v.verify(ref("reg.test/open/app:v1"), DIGEST, OTHER_MANIFEST, new MemorySource()));
    assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH);
    SignatureException pinned = catchThrowableOfType(SignatureException.class,
        () -> v.verify(ref("reg.test/open/app@" + OTHER), DIGEST, MANIFEST, new MemorySource()));
    assertThat(pinned.kind()).isEqualTo(Kind.DIGEST_MISMATCH);
  }

  @Test
  void verify_insecureAcceptAnything_fetchesNothing() throws Exception {
    MemorySource src = new MemorySource();
    VerifiedImage v = verifier(SIGNED_BY).verify(ref("reg.test/open/app:v1"), DIGEST, MANIFEST, src);
    assertThat(v.acceptedBy()).containsExactly("insecureAcceptAnything");
    assertThat(src.fetches).isZero();
  }

  @Test
  void verify_cosign_exactByDefault_repositoryWhenConfigured() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource src = new MemorySource();
    byte[] payload = Cosign.payload("reg.test/cosign/app:v1", DIGEST.toString()).toJson();
    src.cosign.put(DIGEST, List.of(Cosign.sign(payload, cosignKey.getPrivate())));
    assertThat(v.verify(ref("reg.test/cosign/app:v1"), DIGEST, MANIFEST, src).acceptedBy())
        .singleElement().asString().startsWith("sigstoreSigned cosign key sha256:");

    // signed as a bare repository (what older cosign writes): not the exact reference
    MemorySource bare = new MemorySource();
    bare.cosign.put(DIGEST, List.of(Cosign.sign(
        Cosign.payload("reg.test/cosign/app", DIGEST.toString()).toJson(), cosignKey.getPrivate())));
    assertThat(kindOf(v, "reg.test/cosign/app:v1", bare)).isEqualTo(Kind.IDENTITY_MISMATCH);
    MemorySource bareRepo = new MemorySource();
    bareRepo.cosign.put(DIGEST, List.of(Cosign.sign(
        Cosign.payload("reg.test/cosign-repo/app", DIGEST.toString()).toJson(), cosignKey.getPrivate())));
    assertThat(v.verify(ref("reg.test/cosign-repo/app:v1"), DIGEST, MANIFEST, bareRepo)).isNotNull();

    MemorySource replay = new MemorySource();
    replay.cosign.put(DIGEST, List.of(Cosign.sign(
        Cosign.payload("reg.test/cosign/app:v1", OTHER.toString()).toJson(), cosignKey.getPrivate())));
    assertThat(kindOf(v, "reg.test/cosign/app:v1", replay)).isEqualTo(Kind.DIGEST_MISMATCH);

    MemorySource nonSignature = new MemorySource();
    nonSignature.cosign.put(DIGEST, List.of(new CosignSignature("application/vnd.in-toto+json",
        payload, Map.of())));
    assertThat(kindOf(v, "reg.test/cosign/app:v1", nonSignature)).isEqualTo(Kind.UNSIGNED);
  }

  @Test
  void verify_allRequirementsMustPass() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, gpgSign(trusted, "reg.test/both/app:v1", DIGEST));
    assertThat(kindOf(v, "reg.test/both/app:v1", src)).isEqualTo(Kind.UNSIGNED);
    src.cosign.put(DIGEST, List.of(Cosign.sign(
        Cosign.payload("reg.test/both/app:v1", DIGEST.toString()).toJson(), cosignKey.getPrivate())));
    assertThat(v.verify(ref("reg.test/both/app:v1"), DIGEST, MANIFEST, src).acceptedBy()).hasSize(2);
  }

  @Test
  void verifyWithIndex_signatureOverIndexDigest_accepted() throws Exception {
    PolicyVerifier v = verifier(SIGNED_BY);
    MemorySource src = new MemorySource();
    src.addGpg(OTHER, gpgSign(trusted, "reg.test/demo/app:v1", OTHER));
    assertThat(v.verifyWithIndex(ref("reg.test/demo/app:v1"), DIGEST, MANIFEST, OTHER,
        OTHER_MANIFEST, src).manifestDigest()).isEqualTo(DIGEST);
    assertThat(kindOf(v, "reg.test/demo/app:v1", src)).isEqualTo(Kind.UNSIGNED);
  }

  private static PolicyVerifier keyDataPolicy(String requirement) throws Exception {
    String policy = "{\"default\":[" + requirement + "]}";
    return PolicyVerifier.create(SignaturePolicy.parse(policy.getBytes(StandardCharsets.UTF_8)),
        KeyResolver.files(), NOW);
  }

  private static String gpgKeyData(byte[] ring) {
    return "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyData\":\""
        + Base64.getEncoder().encodeToString(ring) + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}";
  }

  private static String cosignKeyData(KeyPair key) {
    return "{\"type\":\"sigstoreSigned\",\"keyData\":\""
        + Base64.getEncoder().encodeToString(CosignFixtures.publicPem(key.getPublic()))
        + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}";
  }

  private static byte[] fixtureSign(SignatureFixtures.Key key, String identity, Digest d) {
    return SignatureFixtures.sign(key, SignatureFixtures.payload(identity, d.toString(), true),
        NOW.instant().minusSeconds(3600));
  }

  @Test
  void verify_independentlyMadeSignatures_underKeyDataPolicies() throws Exception {
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, fixtureSign(fixtureKey, "testing/manifest", DIGEST));
    assertThat(keyDataPolicy(gpgKeyData(fixtureKey.publicBytes()))
        .verify(ref("testing/manifest:latest"), DIGEST, MANIFEST, src).acceptedBy())
        .containsExactly("signedBy " + fixtureKey.primaryFingerprint());

    KeyPair ck = CosignFixtures.p256();
    MemorySource csrc = new MemorySource();
    csrc.cosign.put(DIGEST, List.of(CosignFixtures.layer(
        "127.0.0.1:5000/cosign-signed-single-sample", DIGEST.toString(), ck.getPrivate())));
    assertThat(keyDataPolicy(cosignKeyData(ck)).verify(
        ref("127.0.0.1:5000/cosign-signed-single-sample:latest"), DIGEST, MANIFEST, csrc)).isNotNull();
  }

  @Test
  void verify_signatureWithInvalidReference_identityMismatch() throws Exception {
    MemorySource src = new MemorySource();
    // upper case is not valid in a repository name: the identity can never match
    src.addGpg(DIGEST, fixtureSign(fixtureKey, "UPPERCASEISINVALID", DIGEST));
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> keyDataPolicy(gpgKeyData(fixtureKey.publicBytes()))
            .verify(ref("testing/manifest:latest"), DIGEST, MANIFEST, src));
    assertThat(e.kind()).isEqualTo(Kind.IDENTITY_MISMATCH);
  }

  @Test
  void verify_twoCosignSignaturesForDifferentIdentities_acceptedOrIdentityMismatch() throws Exception {
    KeyPair ck = CosignFixtures.p256();
    MemorySource src = new MemorySource();
    src.cosign.put(DIGEST, List.of(
        CosignFixtures.layer("127.0.0.1:5000/cosign-signed-single-sample", DIGEST.toString(), ck.getPrivate()),
        CosignFixtures.layer("127.0.0.1:5000/cosign-signed-other", DIGEST.toString(), ck.getPrivate())));
    PolicyVerifier v = keyDataPolicy(cosignKeyData(ck));
    assertThat(v.verify(ref("127.0.0.1:5000/cosign-signed-single-sample:latest"), DIGEST, MANIFEST, src))
        .isNotNull();
    assertThat(v.verify(ref("127.0.0.1:5000/cosign-signed-other:v2"), DIGEST, MANIFEST, src)).isNotNull();
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> v.verify(ref("this/does-not:match"), DIGEST, MANIFEST, src));
    assertThat(e.kind()).isEqualTo(Kind.IDENTITY_MISMATCH);
  }

  @Test
  void verify_keyPathsOfSeveralKeyrings_anyKeyAccepted() throws Exception {
    Path k1 = Files.write(tmp.resolve("k1.gpg"), otherFixtureKey.publicBytes());
    Path k2 = Files.write(tmp.resolve("k2.gpg"), fixtureKey.publicBytes());
    MemorySource src = new MemorySource();
    src.addGpg(DIGEST, fixtureSign(fixtureKey, "testing/manifest", DIGEST));
    String both = "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[\""
        + k1 + "\",\"" + k2 + "\"],\"signedIdentity\":{\"type\":\"matchRepository\"}}";
    assertThat(keyDataPolicy(both).verify(ref("testing/manifest:latest"), DIGEST, MANIFEST, src))
        .isNotNull();
    String onlyOther = both.replace(",\"" + k2 + "\"", "");
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> keyDataPolicy(onlyOther).verify(ref("testing/manifest:latest"), DIGEST, MANIFEST, src));
    assertThat(e.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
  }
}
