package dev.claviger.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturePolicyTest {
  private static SignaturePolicy parse(String json) throws MalformedInputException {
    return SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static final String SCOPED = """
      {"default":[{"type":"reject"}],
       "transports":{"docker":{
         "127.0.0.1:5000/demo/app:v1":[{"type":"insecureAcceptAnything"}],
         "127.0.0.1:5000/demo/app":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k/app.gpg"}],
         "127.0.0.1:5000/demo":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":["/k/a","/k/b"],
                                 "signedIdentity":{"type":"matchRepository"}}],
         "127.0.0.1:5000":[{"type":"sigstoreSigned","keyPath":"/k/cosign.pub"}],
         "*.example.com":[{"type":"sigstoreSigned","keyData":"LS0tLS0=","signedIdentity":{"type":"matchRepository"}}],
         "":[{"type":"insecureAcceptAnything"},{"type":"reject"}]},
        "docker-daemon":{"":[{"type":"insecureAcceptAnything"}]}}}
      """;

  @Test
  void requirementsFor_picksMostSpecificScope() throws Exception {
    SignaturePolicy p = parse(SCOPED);
    assertThat(p.requirementsFor("127.0.0.1:5000/demo/app:v1").scope())
        .isEqualTo("docker:127.0.0.1:5000/demo/app:v1");
    assertThat(p.requirementsFor("127.0.0.1:5000/demo/app:v2").scope())
        .isEqualTo("docker:127.0.0.1:5000/demo/app");
    assertThat(p.requirementsFor("127.0.0.1:5000/demo/other/x:v1").scope())
        .isEqualTo("docker:127.0.0.1:5000/demo");
    assertThat(p.requirementsFor("127.0.0.1:5000/elsewhere:v1").scope()).isEqualTo("docker:127.0.0.1:5000");
    assertThat(p.requirementsFor("registry.eu.example.com/ns/x:1").scope()).isEqualTo("docker:*.example.com");
    assertThat(p.requirementsFor("quay.io/ns/x:1").scope()).isEqualTo("docker:\"\"");
    assertThat(p.requirementsFor("quay.io/ns/x:1").requirements()).hasSize(2);
  }

  @Test
  void requirementsFor_noDockerSection_default() throws Exception {
    SignaturePolicy p = parse("{\"default\":[{\"type\":\"reject\"}]}");
    SignaturePolicy.Scoped s = p.requirementsFor("busybox:latest");
    assertThat(s.scope()).isEqualTo("default");
    assertThat(s.requirements()).containsExactly(new PolicyRequirement.Reject());
  }

  @Test
  void parse_defaults_signedByRepoDigestOrExact_sigstoreExact() throws Exception {
    SignaturePolicy p = parse(SCOPED);
    PolicyRequirement signedBy = p.scopes("docker").get("127.0.0.1:5000/demo/app").get(0);
    assertThat(signedBy).isEqualTo(new PolicyRequirement.SignedBy("GPGKeys",
        new KeySource.Paths(List.of("/k/app.gpg")), new SignedIdentity.MatchRepoDigestOrExact()));
    PolicyRequirement sigstore = p.scopes("docker").get("127.0.0.1:5000").get(0);
    assertThat(sigstore).isEqualTo(new PolicyRequirement.SigstoreSigned(
        Optional.of(new KeySource.Paths(List.of("/k/cosign.pub"))), new SignedIdentity.MatchExact(),
        Optional.empty()));
  }

  @Test
  void parse_fulcio_parsedAsUnsupported() throws Exception {
    SignaturePolicy p = parse("""
        {"default":[{"type":"sigstoreSigned","fulcio":{"caPath":"/x","oidcIssuer":"https://i","subjectEmail":"a@b"},
                     "rekorPublicKeyPath":"/r.pub","signedIdentity":{"type":"matchRepository"}}]}""");
    PolicyRequirement.SigstoreSigned s = (PolicyRequirement.SigstoreSigned) p.defaultRequirements().get(0);
    assertThat(s.unsupported()).isPresent();
  }

  @Test
  void parse_allIdentityTypes() throws Exception {
    SignaturePolicy p = parse("""
        {"default":[
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"matchExact"}},
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"matchRepoDigestOrExact"}},
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"matchRepository"}},
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"exactReference","dockerReference":"quay.io/a/b:1"}},
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"exactRepository","dockerRepository":"quay.io/a/b"}},
          {"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA","signedIdentity":{"type":"remapIdentity","prefix":"mirror.test/q","signedPrefix":"quay.io"}}
        ]}""");
    assertThat(p.defaultRequirements()).extracting(r -> ((PolicyRequirement.SignedBy) r).identity())
        .containsExactly(new SignedIdentity.MatchExact(), new SignedIdentity.MatchRepoDigestOrExact(),
            new SignedIdentity.MatchRepository(), new SignedIdentity.ExactReference("quay.io/a/b:1"),
            new SignedIdentity.ExactRepository("quay.io/a/b"),
            new SignedIdentity.RemapIdentity("mirror.test/q", "quay.io"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "[]",
      "{}",
      "{\"default\":[]}",
      "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"transports\":{\"docker\":{\"x.test\":[]}}}",
      "{\"default\":[{\"type\":\"accept\"}]}",
      "{\"default\":[{\"type\":\"reject\",\"extra\":1}]}",
      "{\"default\":[{\"type\":\"reject\"}],\"unknown\":{}}",
      "{\"default\":[{\"type\":\"reject\"}],\"transports\":[]}",
      "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":[]}}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyPath\":\"/k\"}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"PGP\",\"keyPath\":\"/k\"}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\"}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"keyData\":\"AAAA\"}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[]}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyData\":\"not base64!\"}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"matchAnything\"}}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"matchExact\",\"x\":1}}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"exactReference\",\"dockerReference\":\"quay.io/a/b\"}}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"exactRepository\",\"dockerRepository\":\"Bad Repo\"}}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"remapIdentity\",\"prefix\":\"bad_prefix!\",\"signedPrefix\":\"quay.io\"}}]}",
      "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"remapIdentity\",\"prefix\":\"mirror.test/q:tag\",\"signedPrefix\":\"quay.io\"}}]}",
      "{\"default\":[{\"type\":\"sigstoreSigned\"}]}",
      "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"/a\",\"keyData\":\"AAAA\"}]}",
      "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"/a\",\"extra\":true}]}",
      "{\"default\":[{\"type\":\"reject\"}],\"default\":[{\"type\":\"insecureAcceptAnything\"}]}",
      "{\"default\":[{\"type\":\"reject\"}]} trailing"
  })
  void parse_invalid_malformedInput(String json) {
    assertThat(catchThrowableOfType(MalformedInputException.class, () -> parse(json))).isNotNull();
  }

  @Test
  void parse_oversized_malformedInput() {
    byte[] big = new byte[SignaturePolicy.MAX_POLICY_BYTES + 1];
    assertThat(catchThrowableOfType(MalformedInputException.class, () -> SignaturePolicy.parse(big)))
        .hasMessageContaining("limit");
  }
}
