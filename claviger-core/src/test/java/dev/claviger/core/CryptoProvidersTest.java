package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.Security;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class CryptoProvidersTest {

  @Test
  void install_twice_idempotentAndReportsChoice() throws Exception {
    CryptoProviders.install();
    int providers = Security.getProviders().length;
    String first = CryptoProviders.active();
    CryptoProviders.install();
    assertThat(Security.getProviders()).hasSize(providers);
    assertThat(CryptoProviders.active()).isEqualTo(first);
    assertThat(first).matches("ACCP 2\\.[0-9.]+ \\(AWS-LC\\)|JDK \\(ACCP unavailable: .+\\)");
    // Whatever was chosen must work for the primitives the project relies on.
    assertThat(MessageDigest.getInstance("SHA-384").digest(new byte[0])).hasSize(48);
    assertThat(Cipher.getInstance("AES/GCM/NoPadding")).isNotNull();
  }

  @Test
  void install_whenAccpActive_isHighestPriority() {
    CryptoProviders.install();
    if (CryptoProviders.accpActive()) {
      assertThat(Security.getProviders()[0].getName()).isEqualTo("AmazonCorrettoCryptoProvider");
      assertThat(CryptoProviders.active()).startsWith("ACCP ");
    } else {
      assertThat(CryptoProviders.active()).startsWith("JDK (ACCP unavailable: ");
    }
  }
}
