package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.JweCodec;
import dev.claviger.image.crypt.internal.JweDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JweCodecTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair P256 = generate("EC", "secp256r1");
  static final byte[] SECRET = "{\"symkey\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  static KeyPair generate(String type, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type);
      if (curve == null) {
        g.initialize(2048);
      } else {
        g.initialize(new ECGenParameterSpec(curve));
      }
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair pair(String name) {
    return switch (name) {
      case "rsa" -> RSA;
      case "p256" -> P256;
      case "p384" -> generate("EC", "secp384r1");
      case "p521" -> generate("EC", "secp521r1");
      default -> throw new IllegalArgumentException(name);
    };
  }

  static byte[] encrypt(List<JweRecipient> recipients) throws Exception {
    return JweCodec.encrypt(SecretBytes.copyOf(SECRET), recipients, RANDOM);
  }

  static Optional<byte[]> open(byte[] jwe, PrivateKey... keys) throws Exception {
    return JweDecoder.decrypt(jwe, List.of(keys)).map(SecretBytes::toByteArray);
  }

  /** Re-serialises a flattened JWE compactly so Nimbus (an independent implementation) can read it. */
  static JWEObject compact(byte[] flattened) throws Exception {
    JsonNode n = Json.parse(flattened);
    return JWEObject.parse(String.join(".", n.get("protected").textValue(), n.get("encrypted_key").textValue(),
        n.get("iv").textValue(), n.get("ciphertext").textValue(), n.get("tag").textValue()));
  }

  @ParameterizedTest
  @CsvSource({"rsa, RSA-OAEP", "rsa, RSA-OAEP-256", "p256, ECDH-ES+A256KW", "p256, ECDH-ES+A128KW",
      "p384, ECDH-ES+A192KW", "p521, ECDH-ES+A256KW"})
  void encrypt_oneRecipient_flattenedGoJoseShapeThatNimbusOpens(String keyName, String alg) throws Exception {
    KeyPair kp = pair(keyName);
    byte[] jwe = encrypt(List.of(JweRecipient.checked(kp.getPublic(), alg)));

    JsonNode node = Json.parse(jwe);
    assertThat(node.fieldNames()).toIterable().containsExactly("protected", "encrypted_key", "iv", "ciphertext", "tag");
    JsonNode header = Json.parse(Base64s.decodeUrlNoPad(node.get("protected").textValue()));
    assertThat(header.get("alg").textValue()).isEqualTo(alg);
    assertThat(header.get("enc").textValue()).isEqualTo("A256GCM");
    assertThat(header.has("epk")).isEqualTo(alg.startsWith("ECDH"));

    JWEObject nimbus = compact(jwe);
    nimbus.decrypt(kp.getPrivate() instanceof ECPrivateKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(kp.getPrivate()));
    assertThat(nimbus.getPayload().toBytes()).isEqualTo(SECRET);
    assertThat(open(jwe, kp.getPrivate())).contains(SECRET);
  }

  @Test
  void encrypt_severalRecipients_generalShapeEachKeyOpens() throws Exception {
    KeyPair p521 = pair("p521");
    byte[] jwe = encrypt(List.of(JweRecipient.of(RSA.getPublic()), JweRecipient.of(P256.getPublic()),
        JweRecipient.of(p521.getPublic())));

    JsonNode node = Json.parse(jwe);
    assertThat(node.fieldNames()).toIterable().containsExactly("protected", "recipients", "iv", "ciphertext", "tag");
    assertThat(new String(Base64s.decodeUrlNoPad(node.get("protected").textValue()), StandardCharsets.UTF_8))
        .isEqualTo("{\"enc\":\"A256GCM\"}");
    assertThat(node.get("recipients").get(0).get("header").get("alg").textValue()).isEqualTo("RSA-OAEP");
    assertThat(node.get("recipients").get(1).get("header").get("alg").textValue()).isEqualTo("ECDH-ES+A256KW");
    assertThat(node.get("recipients").get(2).get("header").get("epk").get("crv").textValue()).isEqualTo("P-521");
    for (PrivateKey key : List.of(RSA.getPrivate(), P256.getPrivate(), p521.getPrivate())) {
      assertThat(open(jwe, key)).contains(SECRET);
    }
    assertThat(open(jwe, generate("RSA", null).getPrivate())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"RSA-OAEP-256, A128CBC-HS256", "RSA-OAEP, A256CBC-HS512", "RSA-OAEP, A128GCM",
      "ECDH-ES+A128KW, A192CBC-HS384", "ECDH-ES+A256KW, A192GCM"})
  void decrypt_nimbusMadeJweOtherEncs_opens(String alg, String enc) throws Exception {
    boolean ec = alg.startsWith("ECDH");
    JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.parse(alg), EncryptionMethod.parse(enc)), new Payload(SECRET));
    jwe.encrypt(ec ? new ECDHEncrypter((ECPublicKey) P256.getPublic()) : new RSAEncrypter((RSAPublicKey) RSA.getPublic()));
    String[] p = jwe.serialize().split("\\.");
    String flattened = "{\"protected\":\"" + p[0] + "\",\"encrypted_key\":\"" + p[1] + "\",\"iv\":\"" + p[2]
        + "\",\"ciphertext\":\"" + p[3] + "\",\"tag\":\"" + p[4] + "\"}";

    assertThat(open(flattened.getBytes(StandardCharsets.UTF_8), ec ? P256.getPrivate() : RSA.getPrivate())).contains(SECRET);
  }

  @Test
  void decrypt_keyOfOtherTypeOrCurve_empty() throws Exception {
    byte[] jwe = encrypt(List.of(JweRecipient.of(P256.getPublic())));
    assertThat(open(jwe, RSA.getPrivate(), pair("p384").getPrivate(), generate("EC", "secp256r1").getPrivate())).isEmpty();
  }

  @Test
  void decrypt_epkNotOnCurve_malformed() throws Exception {
    byte[] jwe = encrypt(List.of(JweRecipient.of(P256.getPublic())));
    JsonNode node = Json.parse(jwe);
    String header = new String(Base64s.decodeUrlNoPad(node.get("protected").textValue()), StandardCharsets.UTF_8);
    JsonNode epk = Json.parse(header).get("epk");
    String y = epk.get("y").textValue();
    String badY = (y.charAt(5) == 'A' ? "B" : "A");
    String tamperedHeader = header.replace(y, y.substring(0, 5) + badY + y.substring(6));
    String tampered = new String(jwe, StandardCharsets.UTF_8).replace(node.get("protected").textValue(),
        Base64s.encodeUrlNoPad(tamperedHeader.getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> open(tampered.getBytes(StandardCharsets.UTF_8), P256.getPrivate()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]",
      "{\"protected\":\"e30\",\"iv\":\"AA\",\"ciphertext\":\"AA\"}",
      "{\"protected\":\"!!\",\"encrypted_key\":\"AA\",\"iv\":\"AA\",\"ciphertext\":\"AA\",\"tag\":\"AA\"}",
      "{\"protected\":\"e30\",\"recipients\":[],\"iv\":\"AA\",\"ciphertext\":\"AA\",\"tag\":\"AA\"}",
      "{\"protected\":\"eyJhbGciOiJSU0EtT0FFUCJ9\",\"header\":{\"alg\":\"RSA-OAEP\"},\"encrypted_key\":\"AA\",\"iv\":\"AA\",\"ciphertext\":\"AA\",\"tag\":\"AA\"}",
      "{\"protected\":\"eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00iLCJ6aXAiOiJERUYifQ\",\"encrypted_key\":\"AA\",\"iv\":\"AA\",\"ciphertext\":\"AA\",\"tag\":\"AA\"}"})
  void decrypt_brokenJwe_rejectedTyped(String json) {
    assertThatThrownBy(() -> open(json.getBytes(StandardCharsets.UTF_8), RSA.getPrivate()))
        .isInstanceOfSatisfying(ImageCryptException.class,
            e -> assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.UNSUPPORTED_ALGORITHM));
  }

  @Test
  void decrypt_tooManyRecipients_malformedBeforeAnyKeyOperation() {
    String one = "{\"header\":{\"alg\":\"RSA-OAEP\"},\"encrypted_key\":\"AA\"}";
    String json = "{\"protected\":\"eyJlbmMiOiJBMjU2R0NNIn0\",\"recipients\":["
        + String.join(",", java.util.Collections.nCopies(JweDecoder.MAX_RECIPIENTS + 1, one))
        + "],\"iv\":\"AA\",\"ciphertext\":\"AA\",\"tag\":\"AA\"}";
    assertThatThrownBy(() -> open(json.getBytes(StandardCharsets.UTF_8), RSA.getPrivate()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void decrypt_oversizedDocument_malformed() {
    byte[] huge = new byte[2 << 20];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    assertThatThrownBy(() -> open(huge, RSA.getPrivate()))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void recipient_rsaKeyWithEcdhAlg_unsupported() {
    assertThatThrownBy(() -> JweRecipient.checked(RSA.getPublic(), "ECDH-ES+A256KW"))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM));
    assertThatThrownBy(() -> JweRecipient.checked(P256.getPublic(), "dir"))
        .isInstanceOf(ImageCryptException.class);
  }
}
