package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.image.sign.SignatureException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimpleSigningTest {
  private static final String DIGEST =
      "sha256:b4ba4d0ed295f45420d5abc58f1f2fbdeb8c2af0cec6484ee2bd4f1c3e0b5759";
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  private static final Instant KEYS_AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant SIGNED_AT = Instant.parse("2026-11-01T00:00:00Z");
  private static final byte[] CAROL_PAYLOAD = SignatureFixtures.payload("testing/manifest", DIGEST, true);

  private static PgpTestKeys.Generated alice;
  private static PgpTestKeys.Generated mallory;
  /** Keys whose messages are built with BC's packet API, not by {@link SimpleSigning#sign}. */
  private static SignatureFixtures.Key carol;
  private static SignatureFixtures.Key subkeyed;

  @BeforeAll
  static void keys() {
    alice = PgpTestKeys.rsa("Alice <alice@example.test>");
    mallory = PgpTestKeys.rsa("Mallory <mallory@example.test>");
    carol = SignatureFixtures.primaryOnly("Carol <carol@example.test>", KEYS_AT);
    subkeyed = SignatureFixtures.withSigningSubkey("Subkeyed <sub@example.test>", KEYS_AT);
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
  void verify_independentlyBuiltSignature_returnsSignedIdentity() throws Exception {
    SignedPayload v = SimpleSigning.verify(
        SignatureFixtures.sign(carol, CAROL_PAYLOAD, SIGNED_AT), GpgKeyring.parse(carol.publicBytes()), NOW);
    assertThat(v.payload().dockerReference()).isEqualTo("testing/manifest");
    assertThat(v.payload().manifestDigest()).isEqualTo(DIGEST);
    assertThat(v.payload().creator()).contains("test fixtures");
    assertThat(v.payload().timestamp()).hasValue(1700000000L);
    assertThat(v.signer()).isEqualTo(carol.primaryFingerprint());
  }

  @Test
  void verify_independentSignatureByteFlips_neverYieldAnotherPayload() throws Exception {
    byte[] sig = SignatureFixtures.sign(carol, CAROL_PAYLOAD, SIGNED_AT);
    GpgKeyring trusted = GpgKeyring.parse(carol.publicBytes());
    SignedPayload original = SimpleSigning.verify(sig, trusted, NOW);
    int rejected = 0;
    for (int i = 0; i < sig.length; i++) {
      byte[] flipped = sig.clone();
      flipped[i] ^= 0x01;
      try {
        // a raw-deflate packet has no checksum, and OpenPGP does not sign the literal packet's
        // file name and date: a flip there may still verify, but never to other content.
        assertThat(SimpleSigning.verify(flipped, trusted, NOW)).isEqualTo(original);
      } catch (SignatureException e) {
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(sig.length * 9 / 10);
  }

  @Test
  void verify_subkeySignature_reportsPrimaryFingerprint() throws Exception {
    SignedPayload v = SimpleSigning.verify(SignatureFixtures.sign(subkeyed, CAROL_PAYLOAD, SIGNED_AT),
        GpgKeyring.parse(subkeyed.publicBytes()), NOW);
    assertThat(subkeyed.signer().isMasterKey()).isFalse();
    assertThat(v.signer()).isEqualTo(subkeyed.primaryFingerprint());
  }

  @Test
  void verify_negativeMessages_eachTypedForItsReason() throws Exception {
    GpgKeyring key = GpgKeyring.parse(carol.publicBytes());
    SignatureFixtures.Key stranger = SignatureFixtures.primaryOnly("Stranger <x@example.test>", KEYS_AT);
    assertKind("unknown key", SignatureFixtures.sign(stranger, CAROL_PAYLOAD, SIGNED_AT), key,
        Kind.UNTRUSTED_KEY, "not trusted");
    assertKind("corrupt signature value", corrupt(SignatureFixtures.sign(carol, CAROL_PAYLOAD,
        SIGNED_AT, 0, false)), key, Kind.BAD_SIGNATURE, "does not verify");
    assertKind("expired signature", SignatureFixtures.sign(carol, CAROL_PAYLOAD,
        NOW.instant().minusSeconds(2 * 86400), 86400, true), key, Kind.BAD_SIGNATURE, "expired");
    assertKind("signed non-JSON", SignatureFixtures.sign(carol,
        "This is not JSON".getBytes(StandardCharsets.UTF_8), SIGNED_AT), key, Kind.BAD_SIGNATURE, "");
    assertKind("unsigned literal", SignatureFixtures.unsignedLiteral(CAROL_PAYLOAD), key,
        Kind.BAD_SIGNATURE, "one-pass");
    assertKind("unsigned encrypted", SignatureFixtures.unsignedEncrypted(CAROL_PAYLOAD), key,
        Kind.BAD_SIGNATURE, "one-pass");
    assertKind("revoked subkey", SignatureFixtures.sign(subkeyed, CAROL_PAYLOAD, SIGNED_AT),
        GpgKeyring.parse(SignatureFixtures.withSubkeyRevoked(subkeyed)), Kind.UNTRUSTED_KEY, "revoked");
    // the same subkey signature is accepted while the subkey is not revoked
    assertThat(SimpleSigning.verify(SignatureFixtures.sign(subkeyed, CAROL_PAYLOAD, SIGNED_AT),
        GpgKeyring.parse(subkeyed.publicBytes()), NOW)).isNotNull();
  }

  @Test
  void verify_signatureLifetimeNotYetElapsed_accepted() throws Exception {
    byte[] sig = SignatureFixtures.sign(carol, CAROL_PAYLOAD, NOW.instant().minusSeconds(3600), 86400, true);
    assertThat(SimpleSigning.verify(sig, GpgKeyring.parse(carol.publicBytes()), NOW).signer())
        .isEqualTo(carol.primaryFingerprint());
  }

  @Test
  void verify_uncompressedMessage_accepted() throws Exception {
    byte[] sig = SignatureFixtures.sign(carol, CAROL_PAYLOAD, SIGNED_AT, 0, false);
    assertThat(SimpleSigning.verify(sig, GpgKeyring.parse(carol.publicBytes()), NOW).payload()
        .dockerReference()).isEqualTo("testing/manifest");
  }

  @Test
  void verify_noOptionalFields_accepted() throws Exception {
    byte[] sig = SignatureFixtures.sign(carol,
        SignatureFixtures.payload("testing/manifest", DIGEST, false), SIGNED_AT);
    SignedPayload v = SimpleSigning.verify(sig, GpgKeyring.parse(carol.publicBytes()), NOW);
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
  void verify_keyExpiredBeforeClockButValidWhenSigning_untrustedKey() throws Exception {
    SignatureFixtures.Key expiring =
        SignatureFixtures.primaryOnly("Expiring <e@example.test>", KEYS_AT, 30 * 86400L);
    byte[] sig = SignatureFixtures.sign(expiring, CAROL_PAYLOAD, KEYS_AT.plusSeconds(86400));
    GpgKeyring ring = GpgKeyring.parse(expiring.publicBytes());
    Clock whileValid = Clock.fixed(KEYS_AT.plusSeconds(2 * 86400), ZoneOffset.UTC);
    assertThat(SimpleSigning.verify(sig, ring, whileValid).signer()).isEqualTo(expiring.primaryFingerprint());
    assertKind("expired key", sig, ring, Kind.UNTRUSTED_KEY, "has expired");
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
    assertKind("unbound subkey", SignatureFixtures.sign(subkeyed, CAROL_PAYLOAD, SIGNED_AT),
        GpgKeyring.parse(SignatureFixtures.withoutSubkeyBindings(subkeyed)), Kind.UNTRUSTED_KEY,
        "no valid binding");
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

  /** Flips the last byte of the (uncompressed) message: inside the signature value. */
  private static byte[] corrupt(byte[] uncompressed) {
    byte[] b = uncompressed.clone();
    b[b.length - 1] ^= 0x01;
    return b;
  }

  private static void assertKind(String what, byte[] signature, GpgKeyring key, Kind expected,
      String reason) {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> SimpleSigning.verify(signature, key, NOW));
    assertThat(e).as(what).isNotNull();
    assertThat(e.kind()).as(what + ": " + e.getMessage()).isEqualTo(expected);
    assertThat(e.getMessage()).as(what).contains(reason);
  }
}
