package dev.claviger.agent.cdh;

import static dev.claviger.agent.cdh.CdhTestVectors.SAMPLE_ANNOTATION;
import static dev.claviger.agent.cdh.CdhTestVectors.SAMPLE_OPTSDATA;
import static dev.claviger.agent.cdh.CdhTestVectors.TEST_KEK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.cdh.internal.KeyProviderMessages;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keyprovider UnWrapKey entry point, with the messages Go ocicrypt and ocicrypt-rs send. */
class KeyProviderUnwrapTest {
  private MapSource kbs;
  private ConfidentialDataHub hub;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() {
    kbs = new MapSource().put("default/key/1", TEST_KEK);
    hub = ConfidentialDataHub.builder(kbs).build();
  }

  /** As Go ocicrypt sends it: byte fields base64, DecryptConfig members capitalised. */
  private static String goRequest(byte[] annotation) {
    return "{\"op\":\"keyunwrap\",\"keywrapparams\":{\"ec\":null,\"optsdata\":null},"
        + "\"keyunwrapparams\":{\"dc\":{\"Parameters\":{\"attestation-agent\":[\"c2FtcGxl\"]}},"
        + "\"annotation\":\"" + Base64s.encodeStd(annotation) + "\"}}";
  }

  /** As a Rust peer writes Vec<u8>: an array of numbers. */
  private static String rustRequest(byte[] annotation) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (byte b : annotation) {
      j.add(Integer.toString(b & 0xff));
    }
    return "{\"op\":\"keyunwrap\",\"keywrapparams\":{},\"keyunwrapparams\":{\"dc\":null,\"annotation\":" + j + "}}";
  }

  private static String optsOf(byte[] output) throws Exception {
    JsonNode o = Json.parse(output);
    assertThat(o.fieldNames()).toIterable().containsExactly("keyunwrapresults");
    return new String(Base64s.decodeStd(o.get("keyunwrapresults").get("optsdata").textValue()), StandardCharsets.UTF_8);
  }

  private CdhException.Kind kindOf(String request) {
    try {
      hub.unwrapKey(utf8(request));
    } catch (CdhException e) {
      return e.kind();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void unwrapKey_goMessageWithSamplePacket_returnsOptsData() throws Exception {
    byte[] out = hub.unwrapKey(utf8(goRequest(utf8(SAMPLE_ANNOTATION))));
    assertThat(optsOf(out)).isEqualTo(SAMPLE_OPTSDATA);
    assertThat(kbs.fetched).extracting(Object::toString).containsExactly("default/key/1");
  }

  @Test
  void unwrapKey_numberArrayAnnotation_sameResult() throws Exception {
    byte[] out = hub.unwrapKey(utf8(rustRequest(utf8(SAMPLE_ANNOTATION))));
    assertThat(optsOf(out)).isEqualTo(SAMPLE_OPTSDATA);
  }

  @Test
  void unwrapKey_wrappedByUs_roundTrips() throws Exception {
    SecretBytes kek = SecretBytes.random(32, new SecureRandom());
    kbs.put("images/kek/7", kek.toByteArray());
    AnnotationPacket p = AnnotationPacket.wrap("kbs:///images/kek/7", kek, utf8(SAMPLE_OPTSDATA), new SecureRandom());
    assertThat(optsOf(hub.unwrapKey(utf8(goRequest(p.toJson()))))).isEqualTo(SAMPLE_OPTSDATA);
  }

  @Test
  void unwrapKey_kidWithoutScheme_acceptedLikeNormalizePath() throws Exception {
    String packet = SAMPLE_ANNOTATION.replace("kbs:///default/key/1", "/default/key/1");
    assertThat(optsOf(hub.unwrapKey(utf8(goRequest(utf8(packet)))))).isEqualTo(SAMPLE_OPTSDATA);
  }

  @Test
  void unwrapKey_doublePrefixedKid_malformed() {
    assertThat(kindOf(goRequest(utf8(CdhTestVectors.DOUBLE_PREFIXED_PACKET)))).isEqualTo(CdhException.Kind.MALFORMED);
  }

  @Test
  void unwrapKey_kekMissingInKbs_resourceUnavailable() {
    String packet = SAMPLE_ANNOTATION.replace("default/key/1", "default/key/2");
    assertThat(kindOf(goRequest(utf8(packet)))).isEqualTo(CdhException.Kind.RESOURCE_UNAVAILABLE);
  }

  @Test
  void unwrapKey_wrongKekInKbs_decryptionFailed() {
    kbs.put("default/key/1", new byte[32]);
    assertThat(kindOf(goRequest(utf8(SAMPLE_ANNOTATION)))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void unwrapKey_kekOfWrongLength_decryptionFailed() {
    kbs.put("default/key/1", new byte[31]);
    assertThat(kindOf(goRequest(utf8(SAMPLE_ANNOTATION)))).isEqualTo(CdhException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void unwrapKey_v2PacketWithRegisteredKms_usesKms() throws Exception {
    ConfidentialDataHub withKms =
        ConfidentialDataHub.builder(kbs)
            .envelopeKms("ehsm", (ct, keyId, ann) -> SecretBytes.copyOf(("opts-for-" + keyId + "-" + ct.length).getBytes(StandardCharsets.UTF_8)))
            .build();
    String packet = "{\"kid\":\"key-9\",\"wrapped_data\":\"AQID\",\"provider\":\"ehsm\"}";
    assertThat(optsOf(withKms.unwrapKey(utf8(goRequest(utf8(packet)))))).isEqualTo("opts-for-key-9-3");
    assertThat(kindOf(goRequest(utf8(packet)))).isEqualTo(CdhException.Kind.UNSUPPORTED);
  }

  @Test
  void unwrapKey_keywrapOp_unsupported() {
    String request =
        "{\"op\":\"keywrap\",\"keywrapparams\":{\"ec\":{\"Parameters\":{\"attestation-agent\":[\"a2V5aWQ9a2JzOi8vL2Qvay8x\"]},"
            + "\"DecryptConfig\":{\"Parameters\":{}}},\"optsdata\":\"e30=\"},\"keyunwrapparams\":{\"dc\":null,\"annotation\":null}}";
    assertThat(kindOf(request)).isEqualTo(CdhException.Kind.UNSUPPORTED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{}",
        "{\"op\":\"unwrap\",\"keyunwrapparams\":{\"annotation\":\"e30=\"}}",
        "{\"op\":\"keyunwrap\"}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":null}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"dc\":null}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":null}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":\"%%%\"}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":[1,256]}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":[1,-1]}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":[1,2.5]}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":[\"1\"]}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":{}}}",
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":\"e30=\"}}",
        "{\"op\":\"keyunwrap\",\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"annotation\":\"e30=\"}}"
      })
  void unwrapKey_malformedRequest_malformed(String request) {
    assertThat(kindOf(request)).isEqualTo(CdhException.Kind.MALFORMED);
    assertThat(kbs.fetched).isEmpty();
  }

  @Test
  void unwrapKey_oversizedInput_rejectedBeforeParsing() {
    byte[] big = new byte[KeyProviderMessages.MAX_INPUT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    try {
      hub.unwrapKey(big);
      throw new AssertionError("no exception");
    } catch (CdhException e) {
      assertThat(e.kind()).isEqualTo(CdhException.Kind.MALFORMED);
      assertThat(e.getMessage()).contains("limit");
    }
  }
}
