package dev.claviger.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Hex;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final byte[] AAD = "default/key/one".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SECRET = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private LocalKms open() throws KmsException {
    return LocalKms.open(dir.resolve("keys/master.key"), CLOCK);
  }

  @Test
  void open_absentFile_createsOwnerOnly256BitKey() throws Exception {
    LocalKms kms = open();
    Path file = dir.resolve("keys/master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(kms.activeVersion()).isEqualTo(1);
    assertThat(kms.versions()).containsExactly(new KeyVersion(1, CLOCK.instant()));
    // magic 8 + count 4 + one entry (4 + 8 + 32) + sha-256 32
    assertThat(Files.size(file)).isEqualTo(8 + 4 + 44 + 32);
  }

  @Test
  void open_existingFile_writesNothing() throws Exception {
    open();
    Path lock = dir.resolve("keys/master.key.lock");
    Files.delete(lock);
    try (var listing = Files.list(dir.resolve("keys"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("master.key");
    }
    // A read-only mount (e.g. a Kubernetes secret) must work: opening creates no lock or temp file.
    open();
    try (var listing = Files.list(dir.resolve("keys"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("master.key");
    }
  }

  @Test
  void sealUnseal_roundTrip() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    assertThat(sealed).hasSize(77 + SECRET.length + 16);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("horse");
    assertThat(kms.unseal(sealed, AAD)).isEqualTo(SecretBytes.copyOf(SECRET));
  }

  @Test
  void sealUnseal_emptyPlaintext_roundTrip() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf(new byte[0]), new byte[0]);
    assertThat(kms.unseal(sealed, new byte[0]).length()).isZero();
  }

  @Test
  void seal_twice_differentEnvelopes() throws Exception {
    LocalKms kms = open();
    assertThat(kms.seal(SecretBytes.copyOf(SECRET), AAD))
        .isNotEqualTo(kms.seal(SecretBytes.copyOf(SECRET), AAD));
  }

  @Test
  void reopen_existingFile_unsealsEarlierEnvelope() throws Exception {
    byte[] sealed = open().seal(SecretBytes.copyOf(SECRET), AAD);
    assertThat(open().unseal(sealed, AAD).toByteArray()).isEqualTo(SECRET);
  }

  @Test
  void unseal_everySingleByteFlip_invalidCiphertext() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf("k".getBytes(StandardCharsets.UTF_8)), AAD);
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = sealed.clone();
        t[i] ^= (byte) (1 << bit);
        int pos = i;
        assertThatThrownBy(() -> kms.unseal(t, AAD))
            .as("flip bit %d of byte %d", bit, pos)
            .isInstanceOf(InvalidCiphertextException.class)
            .hasMessage("invalid ciphertext");
      }
    }
  }

  @Test
  void unseal_wrongAad_invalidCiphertext() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    assertThatThrownBy(() -> kms.unseal(sealed, "default/key/two".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> kms.unseal(sealed, new byte[0]))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void unseal_otherMasterKey_invalidCiphertext() throws Exception {
    byte[] sealed = open().seal(SecretBytes.copyOf(SECRET), AAD);
    LocalKms other = LocalKms.open(dir.resolve("other.key"), CLOCK);
    assertThatThrownBy(() -> other.unseal(sealed, AAD))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void unseal_truncatedOrExtended_invalidCiphertext() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    for (int len = 0; len < sealed.length; len++) {
      byte[] t = Arrays.copyOf(sealed, len);
      assertThatThrownBy(() -> kms.unseal(t, AAD)).isInstanceOf(InvalidCiphertextException.class);
    }
    byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
    assertThatThrownBy(() -> kms.unseal(longer, AAD))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void unseal_unknownFormatOrHugeKeyVersion_invalidCiphertext() throws Exception {
    LocalKms kms = open();
    byte[] sealed = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    byte[] v2 = sealed.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> kms.unseal(v2, AAD)).isInstanceOf(InvalidCiphertextException.class);
    byte[] huge = sealed.clone();
    huge[1] = 0x7f;
    assertThatThrownBy(() -> kms.unseal(huge, AAD)).isInstanceOf(InvalidCiphertextException.class);
    byte[] zero = sealed.clone();
    zero[1] = zero[2] = zero[3] = zero[4] = 0;
    assertThatThrownBy(() -> kms.unseal(zero, AAD)).isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void rotate_newVersionSeals_oldVersionStillUnseals() throws Exception {
    LocalKms kms = open();
    byte[] old = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    assertThat(kms.rotate()).isEqualTo(2);
    byte[] fresh = kms.seal(SecretBytes.copyOf(SECRET), AAD);
    assertThat(Arrays.copyOfRange(old, 1, 5)).containsExactly(0, 0, 0, 1);
    assertThat(Arrays.copyOfRange(fresh, 1, 5)).containsExactly(0, 0, 0, 2);
    LocalKms reopened = open();
    assertThat(reopened.activeVersion()).isEqualTo(2);
    assertThat(reopened.unseal(old, AAD).toByteArray()).isEqualTo(SECRET);
    assertThat(reopened.unseal(fresh, AAD).toByteArray()).isEqualTo(SECRET);
    assertThat(PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("keys/master.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void unseal_versionRotatedByOtherInstance_reloadsKeyFile() throws Exception {
    LocalKms replicaA = open();
    LocalKms replicaB = open();
    replicaB.rotate();
    byte[] sealedByB = replicaB.seal(SecretBytes.copyOf(SECRET), AAD);
    assertThat(replicaA.unseal(sealedByB, AAD).toByteArray()).isEqualTo(SECRET);
    assertThat(replicaA.activeVersion()).isEqualTo(2);
  }

  @Test
  void rotate_byTwoInstancesWithStaleViews_noVersionLost() throws Exception {
    LocalKms replicaA = open();
    LocalKms replicaB = open();
    assertThat(replicaA.rotate()).isEqualTo(2);
    byte[] sealedByA = replicaA.seal(SecretBytes.copyOf(SECRET), AAD);
    // B still believes version 1 is newest; rotating must re-read the file under the lock.
    assertThat(replicaB.rotate()).isEqualTo(3);
    assertThat(replicaB.unseal(sealedByA, AAD).toByteArray()).isEqualTo(SECRET);
    assertThat(open().versions()).extracting(KeyVersion::version).containsExactly(1, 2, 3);
  }

  @Test
  void open_groupOrWorldReadableFile_refused() throws Exception {
    open();
    Path file = dir.resolve("keys/master.key");
    for (String perms : new String[] {"rw-r-----", "rw----r--", "rw-----w-", "rw---x---"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
      assertThatThrownBy(this::open)
          .as(perms)
          .isInstanceOf(KmsException.class)
          .hasMessageContaining("accessible by group or others")
          .hasMessageContaining("chmod 600");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(open().activeVersion()).isEqualTo(1);
  }

  @Test
  void open_corruptOrTruncatedFile_refused() throws Exception {
    open();
    Path file = dir.resolve("keys/master.key");
    byte[] good = Files.readAllBytes(file);
    byte[] flipped = good.clone();
    flipped[20] ^= 1;
    Files.write(file, flipped);
    assertThatThrownBy(this::open).isInstanceOf(KmsException.class).hasMessageContaining("corrupt");
    Files.write(file, Arrays.copyOf(good, good.length - 1));
    assertThatThrownBy(this::open).isInstanceOf(KmsException.class);
    Files.write(file, new byte[0]);
    assertThatThrownBy(this::open).isInstanceOf(KmsException.class);
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    Files.write(file, badMagic);
    assertThatThrownBy(this::open).isInstanceOf(KmsException.class).hasMessageContaining("magic");
  }

  @Test
  void open_directoryInsteadOfFile_refused() throws Exception {
    Files.createDirectories(dir.resolve("keys/master.key"));
    assertThatThrownBy(this::open)
        .isInstanceOf(KmsException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void toString_containsNoKeyMaterial() throws Exception {
    LocalKms kms = open();
    byte[] file = Files.readAllBytes(dir.resolve("keys/master.key"));
    String keyHex = Hex.encode(Arrays.copyOfRange(file, 8 + 4 + 4 + 8, 8 + 4 + 4 + 8 + 32));
    String text = kms.toString();
    assertThat(text).contains("versions=1").contains("active=1");
    assertThat(text.toLowerCase()).doesNotContain(keyHex).doesNotContain(keyHex.substring(0, 8));
  }

  @Test
  void unseal_returnsSecretBytes_redactedToString() throws Exception {
    LocalKms kms = open();
    SecretBytes out = kms.unseal(kms.seal(SecretBytes.copyOf(SECRET), AAD), AAD);
    assertThat(out.toString()).doesNotContain("horse");
  }
}
