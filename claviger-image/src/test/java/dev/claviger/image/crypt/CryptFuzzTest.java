package dev.claviger.image.crypt;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.claviger.core.Base64s;
import dev.claviger.image.crypt.internal.JweDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jazzer targets for the ocicrypt annotation, JWE and key parsers: whatever the input, the only
 * permitted failure is an {@link ImageCryptException}; anything else escapes as a finding. Plain
 * {@code mvn test} replays the seeds only; JAZZER_FUZZ=1 fuzzes for maxDuration.
 */
class CryptFuzzTest {
  private static final List<PrivateKey> KEYS =
      List.of(JweCodecTest.RSA.getPrivate(), JweCodecTest.P256.getPrivate());
  private static final LayerDecryptor DECRYPTOR = new LayerDecryptor(List.of(new JweKeyResolver(KEYS)));
  private static final String[] MEMBERS = {"protected", "encrypted_key", "iv", "ciphertext", "tag", "header", "recipients"};

  @FuzzTest(maxDuration = "30s")
  void jwe_arbitraryBytes_onlyTypedErrors(byte[] input) {
    try {
      JweDecoder.decrypt(input, KEYS);
    } catch (ImageCryptException expected) {
      // the only permitted failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void annotations_structured_onlyTypedErrors(FuzzedDataProvider data) {
    Map<String, String> annotations = new HashMap<>();
    StringBuilder jwe = new StringBuilder("{");
    for (String member : MEMBERS) {
      if (data.consumeBoolean()) {
        jwe.append(jwe.length() > 1 ? "," : "").append('"').append(member).append("\":")
            .append(data.consumeBoolean() ? "\"" + data.consumeString(64).replace("\"", "") + "\"" : data.consumeString(64));
      }
    }
    jwe.append('}');
    annotations.put(EncAnnotations.KEYS_JWE, data.consumeBoolean()
        ? Base64s.encodeStd(jwe.toString().getBytes(StandardCharsets.UTF_8)) : data.consumeString(200));
    if (data.consumeBoolean()) {
      String pub = "{\"cipher\":\"" + data.consumeString(30).replace("\"", "") + "\",\"hmac\":\""
          + data.consumeString(60).replace("\"", "") + "\",\"cipheroptions\":{}}";
      annotations.put(EncAnnotations.PUBOPTS, data.consumeBoolean()
          ? Base64s.encodeStd(pub.getBytes(StandardCharsets.UTF_8)) : data.consumeString(100));
    }
    try {
      DECRYPTOR.unlock(annotations).close();
    } catch (ImageCryptException expected) {
      // the only permitted failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void options_arbitraryBytes_onlyTypedErrors(byte[] input) {
    try {
      PrivateLayerOptions.parse(input).close();
    } catch (ImageCryptException expected) {
      // permitted
    }
    try {
      PublicLayerOptions.parse(input);
    } catch (ImageCryptException expected) {
      // permitted
    }
  }

  @FuzzTest(maxDuration = "30s")
  void keyFiles_arbitraryBytes_onlyTypedErrors(FuzzedDataProvider data) {
    String header = data.pickValue(new String[] {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY",
        "PUBLIC KEY", "CERTIFICATE", "ENCRYPTED PRIVATE KEY"});
    byte[] body = data.consumeBytes(2048);
    byte[] file = data.consumeBoolean() ? body
        : ("-----BEGIN " + header + "-----\n" + Base64s.encodeStd(body) + "\n-----END " + header + "-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      CryptKeys.privateKey(file, Optional.of("pw".toCharArray()));
    } catch (ImageCryptException expected) {
      // permitted
    }
    try {
      CryptKeys.recipient(file);
    } catch (ImageCryptException expected) {
      // permitted
    }
  }
}
