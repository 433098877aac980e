package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SignaturePayload.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignaturePayloadTest {
  private static final String D = "sha256:" + "ab".repeat(32);
  private static final String GOOD = "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},"
      + "\"image\":{\"docker-manifest-digest\":\"" + D + "\"},\"type\":\"atomic container signature\"},"
      + "\"optional\":{\"creator\":\"atomic 1\",\"timestamp\":1458239713,\"extra\":[1,2]}}";

  private static SignaturePayload parse(String json, Type t) throws SignatureException {
    return SignaturePayload.parse(json.getBytes(StandardCharsets.UTF_8), t);
  }

  @Test
  void parse_valid_readsAllMembersAndIgnoresUnknownOptional() throws Exception {
    SignaturePayload p = parse(GOOD, Type.SIMPLE_SIGNING);
    assertThat(p).isEqualTo(new SignaturePayload(Type.SIMPLE_SIGNING, "r.test/a:v1", D,
        Optional.of("atomic 1"), OptionalLong.of(1458239713L)));
  }

  @Test
  void toJson_thenParse_roundTrips() throws Exception {
    SignaturePayload p = new SignaturePayload(Type.SIMPLE_SIGNING, "r.test/a:v1", D,
        Optional.of("claviger"), OptionalLong.of(42));
    assertThat(SignaturePayload.parse(p.toJson(), Type.SIMPLE_SIGNING)).isEqualTo(p);
    SignaturePayload c = SignaturePayload.of(Type.COSIGN, "r.test/a", D);
    assertThat(SignaturePayload.parse(c.toJson(), Type.COSIGN)).isEqualTo(c);
  }

  @Test
  void parse_cosignOptionalNull_acceptedOnlyForCosign() throws Exception {
    String cosign = GOOD.replace("atomic container signature", "cosign container image signature")
        .replaceAll("\"optional\":\\{.*\\}\\}$", "\"optional\":null}");
    assertThat(parse(cosign, Type.COSIGN).creator()).isEmpty();
    String simple = GOOD.replaceAll("\"optional\":\\{.*\\}\\}$", "\"optional\":null}");
    assertThat(catchThrowableOfType(SignatureException.class, () -> parse(simple, Type.SIMPLE_SIGNING)))
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // unknown critical member: critical means critical
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\",\"new\":1},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\",\"x\":1},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\",\"x\":1},\"type\":\"atomic container signature\"},\"optional\":{}}",
      // missing members
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"}}",
      "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{},\"type\":\"atomic container signature\"},\"optional\":{}}",
      // unknown top-level member
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{},\"more\":1}",
      // wrong type string (including the other format's)
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"cosign container image signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature \"},\"optional\":{}}",
      // bad digests
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"sha256:ABAB\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"md5:00\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      // wrong JSON types
      "{\"critical\":{\"identity\":{\"docker-reference\":7},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{\"timestamp\":1.5}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{\"timestamp\":\"1\"}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{\"creator\":1}}",
      "{\"critical\":[],\"optional\":{}}",
      // duplicate member, trailing data, not JSON, empty reference
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"identity\":{\"docker-reference\":\"evil/x:1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}}",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r.test/a:v1\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}} {}",
      "This is not JSON",
      "{\"critical\":{\"identity\":{\"docker-reference\":\"\"},\"image\":{\"docker-manifest-digest\":\"DIG\"},\"type\":\"atomic container signature\"},\"optional\":{}}"
  })
  void parse_malformed_badSignature(String json) {
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> parse(json.replace("DIG", D), Type.SIMPLE_SIGNING));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
  }

  @Test
  void parse_oversized_badSignature() {
    String big = GOOD.replace("\"extra\":[1,2]", "\"extra\":\"" + "x".repeat(70_000) + "\"");
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> parse(big, Type.SIMPLE_SIGNING));
    assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
  }
}
