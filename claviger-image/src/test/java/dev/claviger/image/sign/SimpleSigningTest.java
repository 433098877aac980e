package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.image.sign.SignatureException.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimpleSigningTest {
  private static final String DIGEST =
      "sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55";
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  private static PgpTestKeys.Generated alice;
  private static PgpTestKeys.Generated mallory;

  @BeforeAll
  static void keys() {
    alice = PgpTestKeys.rsa("Alice <alice@example.test>");
    mallory = PgpTestKeys.rsa("Mallory <mallory@example.test>");
  }

  private static byte[] signAsAlice() throws SignatureException {
    GpgSigningKey key = GpgSigningKey.load(alice.secretRing(), Optional.empty(), new char[0]);
    return SimpleSigning.sign(
        SimpleSigning.payload("registry.test/app:v1", DIGEST, NOW), key, NOW);
  }

  @Test
  void sign_thenVerifyWithSignerKey_returnsPayloadAndFingerprint() throws Exception {
    byte[] sig = signAsAlice();
    GpgKeyring trusted = GpgKeyring.parse(alice.publicRing());

    SignedPayload verified = SimpleSigning.verify(sig, trusted, NOW);

    assertThat(verified.payload().dockerReference()).isEqualTo("registry.test/app:v1");
    assertThat(verified.payload().manifestDigest()).isEqualTo(DIGEST);
    assertThat(verified.payload().creator()).contains("claviger");
    assertThat(verified.payload().timestamp()).hasValue(NOW.instant().getEpochSecond());
    assertThat(verified.signer()).isEqualTo(trusted.fingerprints().get(0));
  }

  @Test
  void verify_otherKeyTrusted_untrustedKey() throws Exception {
    byte[] sig = signAsAlice();
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> SimpleSigning.verify(sig, GpgKeyring.parse(mallory.publicRing()), NOW));
    assertThat(e.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
  }

  @Test
  void verify_everySingleByteFlipOfOurSignature_rejected() throws Exception {
    byte[] sig = signAsAlice();
    GpgKeyring trusted = GpgKeyring.parse(alice.publicRing());
    for (int i = 0; i < sig.length; i++) {
      byte[] flipped = sig.clone();
      flipped[i] ^= 0x01;
      int pos = i;
      assertThatThrownBy(() -> SimpleSigning.verify(flipped, trusted, NOW))
          .as("flip at byte %d of %d", pos, sig.length)
          .isInstanceOf(SignatureException.class)
          .satisfies(t -> assertThat(((SignatureException) t).kind())
              .isIn(Kind.BAD_SIGNATURE, Kind.UNTRUSTED_KEY));
    }
  }

  @Test
  void verify_truncatedOrEmptyOrOversized_badSignature() throws Exception {
    byte[] sig = signAsAlice();
    GpgKeyring trusted = GpgKeyring.parse(alice.publicRing());
    for (byte[] bad : new byte[][] {
        new byte[0], Arrays.copyOf(sig, sig.length - 1), Arrays.copyOf(sig, 10),
        new byte[4 * 1024 * 1024 + 1], "not openpgp".getBytes()}) {
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> SimpleSigning.verify(bad, trusted, NOW));
      assertThat(e.kind()).as("length %d", bad.length).isEqualTo(Kind.BAD_SIGNATURE);
    }
  }

  @Test
  void verify_upstreamGpgSignature_returnsSignedIdentity() throws Exception {
    GpgKeyring trusted = GpgKeyring.parse(Vectors.containersImage("public-key.gpg"));
    SignedPayload v = SimpleSigning.verify(Vectors.containersImage("image.signature"), trusted, NOW);
    assertThat(v.payload().dockerReference()).isEqualTo("testing/manifest");
    assertThat(v.payload().manifestDigest()).isEqualTo(DIGEST);
    assertThat(v.payload().timestamp()).hasValue(1458239713L);
    assertThat(v.signer()).isEqualTo("08CD26E446E2E95249B7A405E932F44B23E8DD43");
  }

  @Test
  void verify_upstreamSignatureByteFlips_neverYieldAnotherPayload() throws Exception {
    byte[] sig = Vectors.containersImage("image.signature");
    GpgKeyring trusted = GpgKeyring.parse(Vectors.containersImage("public-key.gpg"));
    SignedPayload original = SimpleSigning.verify(sig, trusted, NOW);
    int rejected = 0;
    for (int i = 0; i < sig.length; i++) {
      byte[] flipped = sig.clone();
      flipped[i] ^= 0x01;
      try {
        // gpg's raw-deflate packet has no checksum, and OpenPGP does not sign the literal
        // packet's file name and date: a flip there may still verify, but never to other content.
        assertThat(SimpleSigning.verify(flipped, trusted, NOW)).isEqualTo(original);
      } catch (SignatureException e) {
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(sig.length * 9 / 10);
  }

  @Test
  void verify_upstreamSubkeySignature_reportsPrimaryFingerprint() throws Exception {
    GpgKeyring trusted = GpgKeyring.parse(Vectors.containersImage("public-key-with-subkey.gpg"));
    SignedPayload v = SimpleSigning.verify(Vectors.containersImage("subkey.signature"), trusted, NOW);
    assertThat(v.signer()).isEqualTo("B9F4CDB9FD8C475BFA340AC38D54A947EE396F36");
  }

  @Test
  void verify_upstreamNegativeVectors_eachTyped() throws Exception {
    GpgKeyring key = GpgKeyring.parse(Vectors.containersImage("public-key.gpg"));
    assertKind("unknown-key.signature", key, Kind.UNTRUSTED_KEY);
    assertKind("corrupt.signature", key, Kind.BAD_SIGNATURE);
    assertKind("expired.signature", key, Kind.BAD_SIGNATURE);
    assertKind("invalid-blob.signature", key, Kind.BAD_SIGNATURE);
    assertKind("unsigned-literal.signature", key, Kind.BAD_SIGNATURE);
    assertKind("unsigned-encrypted.signature", key, Kind.BAD_SIGNATURE);
    assertKind("subkey-revoked.signature",
        GpgKeyring.parse(Vectors.containersImage("public-key-with-revoked-subkey.gpg")),
        Kind.UNTRUSTED_KEY);
  }

  @Test
  void verify_upstreamNoOptionalFields_accepted() throws Exception {
    GpgKeyring key = GpgKeyring.parse(Vectors.containersImage("public-key.gpg"));
    SignedPayload v =
        SimpleSigning.verify(Vectors.containersImage("no-optional-fields.signature"), key, NOW);
    assertThat(v.payload().creator()).isEmpty();
    assertThat(v.payload().timestamp()).isEmpty();
  }

  @Test
  void verify_keyExpiredAtClock_untrustedKey() throws Exception {
    PgpTestKeys.Generated shortLived = PgpTestKeys.rsa("Short <s@example.test>", new char[0], 60);
    GpgSigningKey key = GpgSigningKey.load(shortLived.secretRing(), Optional.empty(), new char[0]);
    Clock signTime = Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(-59));
    byte[] sig = SimpleSigning.sign(
        SimpleSigning.payload("registry.test/app:v1", DIGEST, signTime), key, signTime);
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> SimpleSigning.verify(sig, GpgKeyring.parse(shortLived.publicRing()), Clock.systemUTC()));
    assertThat(e.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
  }

  @Test
  void load_protectedKey_needsRightPassphrase() throws Exception {
    PgpTestKeys.Generated locked = PgpTestKeys.rsa("Locked <l@example.test>", "s3cret".toCharArray(), 0);
    GpgSigningKey key = GpgSigningKey.load(locked.secretRing(), Optional.empty(), "s3cret".toCharArray());
    assertThat(key.toString()).doesNotContain("s3cret").contains(key.fingerprint());
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> GpgSigningKey.load(locked.secretRing(), Optional.empty(), "wrong".toCharArray()));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void load_selectorNotInKeyring_configuration() {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> GpgSigningKey.load(alice.secretRing(), Optional.of("0123456789ABCDEF"), new char[0]));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void parseKeyring_garbageOrSecretKeys_configuration() {
    for (byte[] bad : new byte[][] {"garbage".getBytes(), new byte[0], alice.secretRing()}) {
      SignatureException e = catchThrowableOfType(SignatureException.class, () -> GpgKeyring.parse(bad));
      assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
    }
  }

  @Test
  void verify_subkeyWithoutBindingSignature_untrustedKey() throws Exception {
    byte[] ringBytes = Vectors.containersImage("public-key-with-subkey.gpg");
    org.bouncycastle.openpgp.PGPPublicKeyRing ring =
        dev.claviger.image.sign.internal.PgpKeys.readPublicRings(ringBytes).get(0);
    org.bouncycastle.openpgp.PGPPublicKey sub = null;
    for (var it = ring.getPublicKeys(); it.hasNext(); ) {
      var k = it.next();
      if (!k.isMasterKey()) {
        sub = k;
      }
    }
    org.bouncycastle.openpgp.PGPPublicKey stripped = sub;
    for (var it = sub.getSignaturesOfType(org.bouncycastle.openpgp.PGPSignature.SUBKEY_BINDING);
        it.hasNext(); ) {
      stripped = org.bouncycastle.openpgp.PGPPublicKey.removeCertification(stripped, it.next());
    }
    byte[] unbound = org.bouncycastle.openpgp.PGPPublicKeyRing.insertPublicKey(ring, stripped).getEncoded();
    assertKind("subkey.signature", GpgKeyring.parse(unbound), Kind.UNTRUSTED_KEY);
  }

  @Test
  void parseKeyring_armored_sameKeys() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (org.bouncycastle.bcpg.ArmoredOutputStream armor = new org.bouncycastle.bcpg.ArmoredOutputStream(out)) {
      armor.write(alice.publicRing());
    }
    assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII)).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    assertThat(GpgKeyring.parse(out.toByteArray()).fingerprints())
        .isEqualTo(GpgKeyring.parse(alice.publicRing()).fingerprints());
    SignedPayload v = SimpleSigning.verify(signAsAlice(), GpgKeyring.parse(out.toByteArray()), NOW);
    assertThat(v.payload().dockerReference()).isEqualTo("registry.test/app:v1");
  }

  @Test
  void verify_randomMutations_onlyTypedErrorsOrSamePayload() throws Exception {
    byte[] sig = signAsAlice();
    GpgKeyring trusted = GpgKeyring.parse(alice.publicRing());
    SignedPayload original = SimpleSigning.verify(sig, trusted, NOW);
    java.util.Random random = new java.util.Random(20261122L);
    for (int round = 0; round < 2000; round++) {
      byte[] m = mutate(sig, random);
      try {
        assertThat(SimpleSigning.verify(m, trusted, NOW)).isEqualTo(original);
      } catch (SignatureException expected) {
        assertThat(expected.kind()).isIn(Kind.BAD_SIGNATURE, Kind.UNTRUSTED_KEY);
      }
    }
  }

  /** Flips, truncates, duplicates or inserts bytes (a deterministic mini-fuzzer). */
  private static byte[] mutate(byte[] in, java.util.Random r) {
    byte[] b = in.clone();
    switch (r.nextInt(4)) {
      case 0 -> {
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 2 -> {
        int at = r.nextInt(b.length);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        b = out;
      }
      default -> {
        int cut = r.nextInt(b.length);
        byte[] out = Arrays.copyOf(b, b.length + cut);
        System.arraycopy(b, 0, out, b.length, cut);
        b = out;
      }
    }
    return b;
  }

  private static void assertKind(String vector, GpgKeyring key, Kind expected) {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> SimpleSigning.verify(Vectors.containersImage(vector), key, NOW));
    assertThat(e).as(vector).isNotNull();
    assertThat(e.kind()).as(vector + ": " + e.getMessage()).isEqualTo(expected);
  }
}
