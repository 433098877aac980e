package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class AwsSigV4Test extends BuiltinTestSupport {
  /** 2015-08-30T12:36:00Z, the date of AWS's SigV4 test suite. */
  private static final long SUITE_TIME = 1440938160L * 1_000_000_000L;
  private static final String CONFIG = "{\"aws_access_key\":\"AKIDEXAMPLE\",\"aws_secret_access_key\":"
      + "\"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\",\"aws_region\":\"us-east-1\",\"aws_service\":\"service\"}";

  private Value.Obj headers(Value signed) {
    return (Value.Obj) ((Value.Obj) signed).get("headers");
  }

  @Test
  void signReq_getVanillaRequest_matchesIndependentSignature() throws Exception {
    // Expected value computed independently (Python hashlib/hmac) from the SigV4 specification.
    Value signed = call("providers.aws.sign_req", v("{\"method\":\"GET\",\"url\":\"https://example.amazon.com/\"}"), v(CONFIG), n(SUITE_TIME));
    assertThat(headers(signed).get("Authorization")).isEqualTo(s("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
        + "SignedHeaders=host;x-amz-date,Signature=7ab4567ae243ee168f6bf18206b2b40b61ce08277323168138fa113ed23c538e"));
    assertThat(headers(signed).get("x-amz-date")).isEqualTo(s("20150830T123600Z"));
    assertThat(headers(signed).get("host")).isEqualTo(s("example.amazon.com"));
    assertThat(((Value.Obj) signed).get("method")).isEqualTo(s("GET"));
  }

  @Test
  void signReq_headersBodyAndS3_areCovered() throws Exception {
    String req = "{\"method\":\"PUT\",\"url\":\"https://bucket.s3.amazonaws.com/key?x=1\",\"headers\":{\"X-Custom\":\"a\",\"User-Agent\":\"ua\"},\"raw_body\":\"hello\"}";
    String s3 = CONFIG.replace("\"service\"", "\"s3\"").replace("}", ",\"aws_session_token\":\"tok\"}");
    Value.Obj h = headers(call("providers.aws.sign_req", v(req), v(s3), n(SUITE_TIME)));
    assertThat(h.get("x-amz-content-sha256")).isEqualTo(s("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
    assertThat(h.get("x-amz-security-token")).isEqualTo(s("tok"));
    assertThat(h.get("X-Custom")).isEqualTo(s("a"));
    assertThat(((Value.Str) h.get("Authorization")).value())
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-custom,");
    Value.Obj other = headers(call("providers.aws.sign_req", v(req.replace("hello", "hellp")), v(s3), n(SUITE_TIME)));
    assertThat(other.get("Authorization")).isNotEqualTo(h.get("Authorization"));
    Value.Obj unsigned = headers(call("providers.aws.sign_req", v(req), v(s3.replace("}", ",\"disable_payload_signing\":true}")), n(SUITE_TIME)));
    assertThat(unsigned.get("x-amz-content-sha256")).isEqualTo(s("UNSIGNED-PAYLOAD"));
  }

  @Test
  void signReq_badConfig_isError() {
    assertError("providers.aws.sign_req", v("{\"method\":\"GET\",\"url\":\"https://x/\"}"), v("{\"aws_service\":\"s3\"}"), n(0))
        .hasMessageContaining("aws_access_key");
    assertError("providers.aws.sign_req", v("{\"url\":\"https://x/\"}"), v(CONFIG), n(0)).hasMessageContaining("method");
    assertError("providers.aws.sign_req", v("{\"method\":\"GET\",\"url\":\"https://x/\"}"), v(CONFIG.replace("}", ",\"disable_payload_signing\":1}")), n(0))
        .hasMessageContaining("disable_payload_signing");
  }
}
