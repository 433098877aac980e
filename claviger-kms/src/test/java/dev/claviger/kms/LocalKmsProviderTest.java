package dev.claviger.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.CryptoProviders;
import dev.claviger.core.SecretBytes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server runs with ACCP installed; the envelope must work (and fail) the same way there. */
class LocalKmsProviderTest {
  @TempDir Path dir;

  @Test
  void sealUnseal_withInstalledProvider_roundTripsAndRejectsTamper() throws Exception {
    CryptoProviders.install();
    LocalKms kms = LocalKms.open(dir.resolve("k"), Clock.systemUTC());
    SecretBytes secret = SecretBytes.random(100_000, new SecureRandom());
    byte[] aad = {1, 2, 3};
    byte[] sealed = kms.seal(secret, aad);
    assertThat(kms.unseal(sealed, aad)).isEqualTo(secret);
    sealed[sealed.length / 2] ^= 0x40;
    assertThatThrownBy(() -> kms.unseal(sealed, aad))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void seal_plaintextOverLimit_rejected() throws Exception {
    LocalKms kms = LocalKms.open(dir.resolve("k"), Clock.systemUTC());
    SecretBytes huge = SecretBytes.wrapOwned(new byte[64 * 1024 * 1024 + 1]);
    assertThatThrownBy(() -> kms.seal(huge, new byte[0]))
        .isInstanceOf(KmsException.class)
        .isNotInstanceOf(InvalidCiphertextException.class)
        .hasMessageContaining("exceeds");
  }
}
