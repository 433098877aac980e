package dev.claviger.agent.cdh;

import static dev.claviger.agent.cdh.CdhTestVectors.SAMPLE_ANNOTATION;
import static dev.claviger.agent.cdh.CdhTestVectors.SAMPLE_OPTSDATA;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_IV;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.cdh.internal.WrapCiphers;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnotationPacketTest {
  private static final SecureRandom RND = new SecureRandom();
  private static final SecretBytes SAMPLE_KEK = SecretBytes.copyOf(TEST_KEK);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_samplePacket_hasV1FieldsAndV2Defaults() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION));
    assertThat(p.kid()).isEqualTo("kbs:///default/key/1");
    assertThat(p.iv()).isEqualTo(TEST_IV);
    assertThat(p.wrapType()).isEqualTo("A256GCM");
    assertThat(p.version()).isEqualTo("0.1.0");
    assertThat(p.provider()).isEqualTo("kbs");
    assertThat(p.providerSettings()).isEmpty();
  }

  @Test
  void unwrap_independentlyWrappedPacketWithTestKek_givesOptsData() throws Exception {
    byte[] opts = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION)).unwrap(SAMPLE_KEK);
    assertThat(new String(opts, StandardCharsets.UTF_8)).isEqualTo(SAMPLE_OPTSDATA);
  }

  @Test
  void wrap_fixedKekAndIv_reproducesIndependentlyWrappedData() throws Exception {
    byte[] ct = WrapCiphers.encrypt(WrapType.A256GCM, SAMPLE_KEK, TEST_IV, utf8(SAMPLE_OPTSDATA));
    AnnotationPacket ours = AnnotationPacket.ofKbs(CdhTestVectors.SAMPLE_KID, ct, TEST_IV, WrapType.A256GCM);
    assertThat(ours).isEqualTo(AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION)));
    assertThat(AnnotationPacket.parse(ours.toJson()).unwrap(SAMPLE_KEK)).isEqualTo(utf8(SAMPLE_OPTSDATA));
  }

  @Test
  void upstreamSampleOpts_asTheReferenceDocGivesThem_haveTheShapeWeUnwrapTo() throws Exception {
    JsonNode theirs = GuestComponentsDoc.sampleOptsData();
    JsonNode ours = Json.parse(utf8(SAMPLE_OPTSDATA));
    assertThat(theirs.fieldNames()).toIterable().containsExactly("symkey", "digest", "cipheroptions");
    assertThat(ours.fieldNames()).toIterable().containsExactlyElementsOf(() -> theirs.fieldNames());
    assertThat(Base64s.decodeStd(theirs.get("symkey").textValue())).hasSize(32);
    assertThat(theirs.get("digest").textValue()).startsWith("sha256:");
    assertThat(theirs.get("cipheroptions").fieldNames()).toIterable().containsExactly("nonce");
    assertThat(Base64s.decodeStd(theirs.get("cipheroptions").get("nonce").textValue())).hasSize(16);
    assertThat(Base64s.decodeStd(ours.get("cipheroptions").get("nonce").textValue())).hasSize(16);
  }

  @Test
  void parse_doublePrefixedKidPacket_accepted() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(CdhTestVectors.DOUBLE_PREFIXED_PACKET));
    assertThat(p.kid()).isEqualTo("kbs:///kbs:///default/key/1");
    assertThat(p.wrappedData()).hasSizeGreaterThan(16);
  }

  @Test
  void unwrap_wrongKek_failsDecryption() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION));
    SecretBytes other = SecretBytes.random(32, RND);
    assertThatThrownBy(() -> p.unwrap(other))
        .isInstanceOfSatisfying(
            CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.DECRYPTION_FAILED));
  }

  @Test
  void unwrap_shortKek_failsDecryption() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION));
    assertThatThrownBy(() -> p.unwrap(SecretBytes.copyOf(new byte[16])))
        .hasMessageContaining("32 bytes");
  }

  @Test
  void unwrap_everyFlippedByteOfWrappedDataOrIv_failsDecryption() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION));
    byte[] data = p.wrappedData();
    for (int i = 0; i < data.length; i++) {
      byte[] bad = data.clone();
      bad[i] ^= 0x01;
      AnnotationPacket t = AnnotationPacket.ofKbs(p.kid(), bad, p.iv(), WrapType.A256GCM);
      assertThatThrownBy(() -> t.unwrap(SAMPLE_KEK)).isInstanceOf(CdhException.class);
    }
    byte[] iv = p.iv();
    for (int i = 0; i < iv.length; i++) {
      byte[] bad = iv.clone();
      bad[i] ^= (byte) 0x80;
      AnnotationPacket t = AnnotationPacket.ofKbs(p.kid(), data, bad, WrapType.A256GCM);
      assertThatThrownBy(() -> t.unwrap(SAMPLE_KEK)).isInstanceOf(CdhException.class);
    }
  }

  @Test
  void wrap_thenUnwrap_roundTripsWithFreshIv() throws Exception {
    SecretBytes kek = SecretBytes.random(32, RND);
    byte[] opts = utf8(SAMPLE_OPTSDATA);
    AnnotationPacket a = AnnotationPacket.wrap("kbs:///d/k/1", kek, opts, RND);
    AnnotationPacket b = AnnotationPacket.wrap("kbs:///d/k/1", kek, opts, RND);
    assertThat(a.iv()).hasSize(12).isNotEqualTo(b.iv());
    assertThat(a.wrappedData()).hasSize(opts.length + 16);
    assertThat(AnnotationPacket.parse(a.toJson()).unwrap(kek)).isEqualTo(opts);
    assertThat(AnnotationPacket.parse(a.toJson())).isEqualTo(a);
  }

  @Test
  void unwrap_ctrPacket_decryptsWithSixteenByteIv() throws Exception {
    SecretBytes kek = SecretBytes.copyOf(TEST_KEK);
    byte[] iv = new byte[16];
    RND.nextBytes(iv);
    byte[] opts = utf8(SAMPLE_OPTSDATA);
    byte[] ct = dev.claviger.agent.cdh.internal.WrapCiphers.encrypt(WrapType.A256CTR, kek, iv, opts);
    AnnotationPacket p = AnnotationPacket.ofKbs("kbs:///d/k/1", ct, iv, WrapType.A256CTR);
    assertThat(AnnotationPacket.parse(p.toJson()).unwrap(kek)).isEqualTo(opts);
    AnnotationPacket shortIv = AnnotationPacket.ofKbs("kbs:///d/k/1", ct, new byte[12], WrapType.A256CTR);
    assertThatThrownBy(() -> shortIv.unwrap(kek)).hasMessageContaining("16-byte IV");
  }

  @Test
  void toJson_kbsPacket_hasCocoKeyproviderV1Shape() throws Exception {
    AnnotationPacket p = AnnotationPacket.ofKbs("kbs:///a/b/c", new byte[] {1, 2, 3}, new byte[12], WrapType.A256GCM);
    assertThat(new String(p.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\",\"iv\":\"AAAAAAAAAAAAAAAA\","
                + "\"wrap_type\":\"A256GCM\"}");
  }

  @Test
  void parseAndToJson_v2Packet_roundTripsAllFields() throws Exception {
    String json =
        "{\"kid\":\"key-1\",\"wrapped_data\":\"AQID\",\"version\":\"0.1.0\",\"provider\":\"aliyun\","
            + "\"provider_settings\":{\"client_type\":\"sts_token\",\"n\":3},"
            + "\"annotations\":{\"iv\":\"abc\"},\"future_member\":true}";
    AnnotationPacket p = AnnotationPacket.parse(utf8(json));
    assertThat(p.provider()).isEqualTo("aliyun");
    assertThat(p.iv()).isEmpty();
    assertThat(p.wrapType()).isEmpty();
    assertThat(p.providerSettings()).containsExactly(Map.entry("client_type", "sts_token"), Map.entry("n", "3"));
    assertThat(AnnotationPacket.parse(p.toJson())).isEqualTo(p);
    assertThat(Json.parse(p.toJson()).get("version").textValue()).isEqualTo("0.1.0");
  }

  @Test
  void unwrap_otherVersionProviderOrWrapType_unsupported() throws Exception {
    SecretBytes kek = SecretBytes.copyOf(TEST_KEK);
    for (String json :
        new String[] {
          "{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":\"A256GCM\",\"version\":\"0.2.0\"}",
          "{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":\"A256GCM\",\"provider\":\"aws\"}",
          "{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":\"A128GCM\"}",
          "{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":\"a256gcm\"}"
        }) {
      AnnotationPacket p = AnnotationPacket.parse(utf8(json));
      assertThatThrownBy(() -> p.unwrap(kek))
          .isInstanceOfSatisfying(
              CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.UNSUPPORTED));
    }
  }

  @Test
  void unwrap_kbsPacketWithoutIvOrWrapType_malformed() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8("{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AQID\"}"));
    assertThatThrownBy(() -> p.unwrap(SAMPLE_KEK))
        .isInstanceOfSatisfying(
            CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"x\"",
        "{",
        "{}",
        "{\"wrapped_data\":\"AQID\"}",
        "{\"kid\":\"k\"}",
        "{\"kid\":1,\"wrapped_data\":\"AQID\"}",
        "{\"kid\":\"k\",\"wrapped_data\":[1,2,300]}",
        "{\"kid\":\"k\",\"wrapped_data\":{}}",
        "{\"kid\":\"k\",\"wrapped_data\":null}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQI\"}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQ-D\"}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQID\",\"iv\":\"!!\"}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQID\",\"wrap_type\":7}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQID\",\"annotations\":[]}",
        "{\"kid\":\"k\",\"kid\":\"j\",\"wrapped_data\":\"AQID\"}",
        "{\"kid\":\"k\",\"wrapped_data\":\"AQID\"} trailing"
      })
  void parse_malformed_throwsMalformed(String json) {
    assertThatThrownBy(() -> AnnotationPacket.parse(utf8(json)))
        .isInstanceOfSatisfying(
            CdhException.class, e -> assertThat(e.kind()).isEqualTo(CdhException.Kind.MALFORMED));
  }

  @Test
  void parse_oversized_rejectedBeforeParsing() {
    byte[] big = new byte[AnnotationPacket.MAX_JSON_BYTES + 1];
    assertThatThrownBy(() -> AnnotationPacket.parse(big)).hasMessageContaining("limit");
  }

  @Test
  void parse_truncatedSample_throwsMalformed() {
    byte[] full = utf8(SAMPLE_ANNOTATION);
    for (int len = 0; len < full.length - 3; len += 7) {
      byte[] cut = java.util.Arrays.copyOf(full, len);
      assertThatThrownBy(() -> AnnotationPacket.parse(cut)).isInstanceOf(CdhException.class);
    }
  }

  @Test
  void parse_numberArrayByteFields_sameAsBase64() throws Exception {
    AnnotationPacket b64 = AnnotationPacket.parse(utf8("{\"kid\":\"k\",\"wrapped_data\":\"AQID\",\"iv\":\"BAU=\"}"));
    AnnotationPacket arr = AnnotationPacket.parse(utf8("{\"kid\":\"k\",\"wrapped_data\":[1,2,3],\"iv\":[4,5]}"));
    assertThat(arr).isEqualTo(b64);
    assertThat(arr.wrappedData()).containsExactly(1, 2, 3);
  }

  @Test
  void toString_showsNoWrappedBytes() throws Exception {
    AnnotationPacket p = AnnotationPacket.parse(utf8(SAMPLE_ANNOTATION));
    assertThat(p.toString()).doesNotContain(CdhTestVectors.SAMPLE_WRAPPED_B64.substring(0, 8)).contains("kbs:///default/key/1");
  }
}
