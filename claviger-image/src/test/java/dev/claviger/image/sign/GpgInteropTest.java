package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the real gpg binary, in a throwaway GNUPGHOME: signatures gpg makes (with
 * a primary key and with a signing subkey) verify here, and gpg accepts ours. Skips without gpg
 * (fails under CI=true).
 */
class GpgInteropTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static GnuPg gpg;
  private static String fingerprint;

  @TempDir Path tmp;

  @BeforeAll
  static void home() throws Exception {
    gpg = GnuPg.create();
    fingerprint = gpg.generateKey("Interop <interop@example.test>");
  }

  @AfterAll
  static void stop() {
    if (gpg != null) {
      gpg.close();
    }
  }

  private byte[] gpgSign(String signer, byte[] payload) throws Exception {
    Path in = Files.write(tmp.resolve("payload.json"), payload);
    Path out = tmp.resolve("payload.sig");
    Files.deleteIfExists(out);
    gpg.run("--batch", "--pinentry-mode", "loopback", "--passphrase", "", "-u", signer,
        "--output", out.toString(), "--sign", in.toString());
    return Files.readAllBytes(out);
  }

  @Test
  void verify_gpgSignedByPrimaryKey_returnsPayloadAndFingerprint() throws Exception {
    byte[] payload = SignatureFixtures.payload("registry.test/gpg/app:v1", DIGEST, true);
    byte[] sig = gpgSign(fingerprint + "!", payload);
    SignedPayload v = SimpleSigning.verify(sig, GpgKeyring.parse(gpg.exportPublic(fingerprint)),
        Clock.systemUTC());
    assertThat(v.payload().dockerReference()).isEqualTo("registry.test/gpg/app:v1");
    assertThat(v.payload().manifestDigest()).isEqualTo(DIGEST);
    assertThat(v.signer()).isEqualTo(fingerprint);
  }

  @Test
  void verify_gpgSignedBySubkey_reportsPrimaryFingerprint() throws Exception {
    String primary = gpg.generateKey("Subkey interop <sub-interop@example.test>");
    gpg.run("--batch", "--pinentry-mode", "loopback", "--passphrase", "",
        "--quick-add-key", primary, "rsa2048", "sign", "never");
    byte[] sig = gpgSign(primary, SignatureFixtures.payload("registry.test/gpg/sub:v1", DIGEST, false));
    GpgKeyring ring = GpgKeyring.parse(gpg.exportPublic(primary));
    SignedPayload v = SimpleSigning.verify(sig, ring, Clock.systemUTC());
    assertThat(v.signer()).isEqualTo(primary);
    assertThat(v.payload().creator()).isEmpty();
    // gpg picked the subkey: the one-pass packet names a key that is not the primary
    String packets = new String(gpg.run("--list-packets", writeSig(sig).toString()),
        StandardCharsets.UTF_8);
    assertThat(packets).contains(":onepass_sig packet: keyid ")
        .doesNotContain(":onepass_sig packet: keyid " + primary.substring(24));
  }

  @Test
  void gpgDecrypt_ourSignature_acceptedByGpg() throws Exception {
    PgpTestKeys.Generated ours = PgpTestKeys.rsa("Ours <ours@example.test>");
    Path pub = Files.write(tmp.resolve("ours.gpg"), ours.publicRing());
    gpg.run("--batch", "--import", pub.toString());
    GpgSigningKey key = GpgSigningKey.load(ours.secretRing(), Optional.empty(), new char[0]);
    SignaturePayload payload = SimpleSigning.payload("registry.test/ours/app:v1", DIGEST, Clock.systemUTC());
    byte[] sig = SimpleSigning.sign(payload, key, Clock.systemUTC());
    gpg.run("--batch", "--verify", writeSig(sig).toString());
    assertThat(gpg.run("--batch", "--decrypt", writeSig(sig).toString())).isEqualTo(payload.toJson());
    byte[] forged = sig.clone();
    forged[forged.length - 3] ^= 1;
    assertThatThrownBy(() -> gpg.run("--batch", "--verify", writeSig(forged).toString()))
        .isInstanceOf(IOException.class);
  }

  private Path writeSig(byte[] sig) throws Exception {
    return Files.write(tmp.resolve("check.sig"), sig);
  }
}
