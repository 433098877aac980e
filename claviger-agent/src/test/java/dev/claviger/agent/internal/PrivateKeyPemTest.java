package dev.claviger.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PrivateKeyPemTest {

  @Test
  void pkcs1_rsaKey_equalsTheRsaPrivateKeyInsideJdkPkcs8() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();

    byte[] pkcs1 = PrivateKeyPem.pkcs1(key);

    // PKCS#8 PrivateKeyInfo ends with OCTET STRING { RSAPrivateKey }: the same DER, byte for byte.
    byte[] pkcs8 = key.getEncoded();
    assertThat(Arrays.copyOfRange(pkcs8, pkcs8.length - pkcs1.length, pkcs8.length)).isEqualTo(pkcs1);
    assertThat(pkcs1[0]).isEqualTo((byte) 0x30);
  }

  @Test
  void privateKeyPem_ec_pkcs8PemThatParses() throws Exception {
    TeeKeyPair pair = TeeKeyPair.generate(TeeKeySpec.EC_P521, new SecureRandom());

    String pem;
    try (SecretBytes bytes = pair.privateKeyPem()) {
      pem = new String(bytes.toByteArray(), StandardCharsets.US_ASCII);
    }

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64)).isTrue();
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void privateKeyPem_rsa_pkcs1Label() {
    TeeKeyPair pair = TeeKeyPair.generate(TeeKeySpec.RSA_2048, new SecureRandom());

    try (SecretBytes bytes = pair.privateKeyPem()) {
      assertThat(new String(bytes.toByteArray(), StandardCharsets.US_ASCII))
          .startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("\n-----END RSA PRIVATE KEY-----\n");
    }
    assertThat(pair.toString()).contains("redacted");
  }
}
