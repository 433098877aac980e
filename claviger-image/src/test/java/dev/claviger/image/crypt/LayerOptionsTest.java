package dev.claviger.image.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerOptionsTest {
  static final String KEY = "qDoAMZBb5noBlUqaUMVGoCG/ZAsUTtPVAC0Ar8p197Q=";
  static final String NONCE = "1IAzk1t2UHyzjoW5RbeFzw==";
  static final String DIGEST = "sha256:48642c550000000000000000000000000000000000000000000000000000ffff";
  static final String HMAC = "ybPK5SdXAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void privateOptions_goJson_roundTripsByteExactly() throws Exception {
    String json = "{\"symkey\":\"" + KEY + "\",\"digest\":\"" + DIGEST + "\",\"cipheroptions\":{\"nonce\":\"" + NONCE + "\"}}";
    try (PrivateLayerOptions p = PrivateLayerOptions.parse(utf8(json))) {
      assertThat(p.digest()).isEqualTo(DIGEST);
      assertThat(p.nonce()).hasSize(16);
      assertThat(new String(p.toJson().toByteArray(), StandardCharsets.UTF_8)).isEqualTo(json);
      assertThat(p.toString()).doesNotContain(KEY).doesNotContain("qDoA").contains("redacted");
    }
  }

  @Test
  void privateOptions_unknownMembers_ignoredAsGoDoes() throws Exception {
    String json = "{\"symkey\":\"" + KEY + "\",\"digest\":\"" + DIGEST + "\",\"future\":1,\"cipheroptions\":{\"nonce\":\"" + NONCE + "\"}}";
    try (PrivateLayerOptions p = PrivateLayerOptions.parse(utf8(json))) {
      assertThat(p.digest()).isEqualTo(DIGEST);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}",
      "[]",
      "{\"symkey\":\"AAAA\",\"digest\":\"D\",\"cipheroptions\":{\"nonce\":\"N\"}}",
      "{\"symkey\":\"K\",\"digest\":\"sha256:abc\",\"cipheroptions\":{\"nonce\":\"N\"}}",
      "{\"symkey\":\"K\",\"digest\":\"md5:00\",\"cipheroptions\":{\"nonce\":\"N\"}}",
      "{\"symkey\":\"K\",\"digest\":\"D\",\"cipheroptions\":{}}",
      "{\"symkey\":\"K\",\"digest\":\"D\",\"cipheroptions\":{\"nonce\":\"AAAA\"}}",
      "{\"symkey\":\"K\",\"digest\":\"D\"}",
      "{\"symkey\":\"K!\",\"digest\":\"D\",\"cipheroptions\":{\"nonce\":\"N\"}}",
      "{\"symkey\":\"K\",\"symkey\":\"K\",\"digest\":\"D\",\"cipheroptions\":{\"nonce\":\"N\"}}",
      "{\"symkey\":\"K\",\"digest\":\"D\",\"cipheroptions\":{\"nonce\":\"N\"}} trailing"})
  void privateOptions_broken_malformed(String template) {
    String json = template.replace("\"K\"", "\"" + KEY + "\"").replace("\"K!\"", "\"" + KEY.replace('=', '!') + "\"")
        .replace("\"D\"", "\"" + DIGEST + "\"").replace("\"N\"", "\"" + NONCE + "\"");
    assertThatThrownBy(() -> PrivateLayerOptions.parse(utf8(json)))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void publicOptions_goJson_roundTrips() throws Exception {
    String json = "{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":\"" + HMAC + "\",\"cipheroptions\":{}}";
    PublicLayerOptions p = PublicLayerOptions.parse(utf8(json));
    assertThat(new String(p.toJson(), StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(PublicLayerOptions.fromAnnotation(p.toAnnotation())).isEqualTo(p);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"cipher\":\"AES_128_GCM\",\"hmac\":\"H\",\"cipheroptions\":{}} | UNSUPPORTED_CIPHER",
      "{\"cipher\":\"\",\"hmac\":\"H\",\"cipheroptions\":{}} | UNSUPPORTED_CIPHER",
      "{\"hmac\":\"H\"} | MALFORMED",
      "{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":\"AAAA\"} | MALFORMED",
      "{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":7} | MALFORMED",
      "{\"cipher\":\"AES_256_CTR_HMAC_SHA256\" | MALFORMED"})
  void publicOptions_broken_typedError(String template, Reason reason) {
    String json = template.replace("\"H\"", "\"" + HMAC + "\"");
    assertThatThrownBy(() -> PublicLayerOptions.parse(utf8(json)))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void publicOptions_annotationNotBase64_malformed() {
    assertThatThrownBy(() -> PublicLayerOptions.fromAnnotation("not base64!"))
        .isInstanceOfSatisfying(ImageCryptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void kbsRecipient_toStringAndBadInput_noSecretsAndRejected() {
    KbsRecipient r = KbsRecipient.generate("kbs:///default/image-key/app", new java.security.SecureRandom());
    assertThat(r.toString()).contains("kbs:///default/image-key/app").contains("redacted");
    assertThat(r.resourcePath()).isEqualTo("default/image-key/app");
    assertThat(KbsRecipient.of("kbs://kbs.example/a/b/c", r.kek()).resourcePath()).isEqualTo("a/b/c");
    for (String bad : new String[] {"kbs:///a/b", "http:///a/b/c", "kbs:///a/b/c/d", "kbs:///a//c", "kbs:///a/b/c?x"}) {
      assertThatThrownBy(() -> KbsRecipient.generate(bad, new java.security.SecureRandom()))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> KbsRecipient.of("kbs:///a/b/c", SecretBytes.random(16, new java.security.SecureRandom())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Json.write(java.util.Map.of("r", r.toString()))).doesNotContain("SecretBytes[32");
  }
}
