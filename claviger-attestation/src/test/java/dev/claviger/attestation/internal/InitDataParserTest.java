package dev.claviger.attestation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Digests;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitDataParserTest {

  @Test
  void parse_sha384_digestOfRawBodyAndDataClaims() throws Exception {
    String body = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"foo.txt\" = \"bar\"\n";
    InitDataParser.Parsed p = InitDataParser.parse(body);
    assertThat(p.algorithm()).isEqualTo(HashAlgorithm.SHA384);
    assertThat(p.digest()).isEqualTo(Digests.sha384(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(p.claims().get("foo.txt").textValue()).isEqualTo("bar");
  }

  @Test
  void parse_whitespaceChange_changesDigest() throws Exception {
    String a = "algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n";
    String b = "algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\n";
    assertThat(InitDataParser.parse(a).digest()).isNotEqualTo(InitDataParser.parse(b).digest());
  }

  @Test
  void parse_embeddedCdhToml_convertedToJson() throws Exception {
    String body = "algorithm = \"sha512\"\nversion = \"0.1.0\"\n[data]\n\"cdh.toml\" = '''\n"
        + "socket = \"unix:///run/cdh.sock\"\n[kbc]\nname = \"cc_kbc\"\nurl = \"http://kbs:8080\"\n'''\n"
        + "\"aa.toml\" = \"not = = toml\"\n";
    InitDataParser.Parsed p = InitDataParser.parse(body);
    assertThat(p.claims().at("/cdh.toml/kbc/url").textValue()).isEqualTo("http://kbs:8080");
    assertThat(p.claims().get("aa.toml").textValue()).isEqualTo("not = = toml");
    assertThat(p.digest()).hasSize(64);
  }

  @Test
  void parse_kataPolicyWithPolicyData_replacedByAgentPolicyClaims() throws Exception {
    String body = "algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"policy.rego\" = '''\n"
        + "package agent_policy\ndefault AllowRequestsFailingPolicy := false\n"
        + "policy_data := {\n  \"containers\": [{\"OCI\": {\"Process\": {\"User\": {\"UID\": 7}}}}]\n}\n'''\n";
    InitDataParser.Parsed p = InitDataParser.parse(body);
    assertThat(p.claims().has("policy.rego")).isFalse();
    assertThat(p.claims().at("/agent_policy_claims/containers/0/OCI/Process/User/UID").intValue())
        .isEqualTo(7);
  }

  @Test
  void parse_policyDataNotTrailing_policyKept() throws Exception {
    String body = "algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"policy.rego\" = '''\n"
        + "policy_data := {\"a\": 1}\nallow := true\n'''\n";
    assertThat(InitDataParser.parse(body).claims().has("policy.rego")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "this is not toml = = =",
      "version = \"0.1.0\"\n[data]\n",
      "algorithm = \"sha384\"\n[data]\n",
      "algorithm = \"sm3\"\nversion = \"0.1.0\"\n[data]\n",
      "algorithm = \"SHA384\"\nversion = \"0.1.0\"\n[data]\n",
      "algorithm = 384\nversion = \"0.1.0\"\n[data]\n",
      "algorithm = \"sha384\"\nversion = \"0.1.0\"\n",
      "algorithm = \"sha384\"\nversion = \"0.1.0\"\n[data]\nx = 1\n",
      "algorithm = \"sha384\"\nversion = \"0.1.0\"\ndata = \"flat\"\n"
  })
  void parse_invalid_malformedInput(String body) {
    assertThatThrownBy(() -> InitDataParser.parse(body)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_oversized_rejectedBeforeParsing() {
    String body = "#".repeat(InitDataParser.MAX_BODY_CHARS + 1);
    assertThatThrownBy(() -> InitDataParser.parse(body))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("longer than");
  }
}
