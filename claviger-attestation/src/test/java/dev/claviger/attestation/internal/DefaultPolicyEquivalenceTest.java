package dev.claviger.attestation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.claviger.attestation.Fixtures;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs Trustee's own default CPU policy IN PLACE (from ${claviger.shared}) and ours on every
 * case of the shared conformance file, and requires the same outcome: equal values, or both
 * failing. Where the case states an expected value, both must produce it.
 */
class DefaultPolicyEquivalenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UPSTREAM = "attestation-service/src/ear_token/ear_default_policy_cpu.rego";

  /** One outcome: a value (JSON, normalised), undefined (null), or an error. */
  private record Outcome(JsonNode value, String error) {}

  private static final String UPSTREAM_GPU =
      "attestation-service/src/ear_token/ear_default_policy_gpu.rego";

  static Stream<Arguments> cases() throws Exception {
    Path root = Fixtures.shared().resolve("conformance/rego/trustee");
    List<Arguments> out = new ArrayList<>();
    collect(root, "cases/ear_default_policy_cpu.yaml", UPSTREAM, "default_cpu.rego", out);
    int cpu = out.size();
    collect(root, "cases/ear_other_policies.yaml", UPSTREAM_GPU, "default_gpu.rego", out);
    assertThat(cpu).as("cpu cases found").isGreaterThan(30);
    assertThat(out.size() - cpu).as("gpu cases found").isGreaterThan(4);
    return out.stream();
  }

  private static void collect(Path root, String file, String upstream, String ours,
      List<Arguments> out) throws Exception {
    JsonNode cases = new YAMLMapper().readTree(root.resolve(file).toFile()).get("cases");
    for (JsonNode c : cases) {
      JsonNode mods = c.get("module_files");
      boolean onlyUpstreamDefault = mods != null && mods.size() == 1
          && upstream.equals(mods.get(0).textValue()) && !c.has("modules") && !c.has("data");
      if (onlyUpstreamDefault && !c.path("skip").asBoolean(false)) {
        out.add(Arguments.of(c.get("note").textValue(), c, root, upstream, ours));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void defaultPolicy_sameOutcomeAsUpstream(String note, JsonNode c, Path root, String upstreamFile,
      String ourResource) throws Exception {
    JsonNode input = c.has("input_file")
        ? JSON.readTree(root.resolve(c.get("input_file").textValue()).toFile()) : c.get("input");
    JsonNode rvs = c.has("reference_values") ? c.get("reference_values") : JSON.createObjectNode();
    String query = c.get("query").textValue();

    Outcome upstream = eval(upstreamFile, Files.readString(root.resolve(upstreamFile)), query, input, rvs);
    Outcome ours = eval(ourResource, AppraisalPolicies.resource(ourResource), ourQuery(query), input, rvs);
    if (query.equals("data.policy.validated_identifiers") && ours.value() != null) {
      ours = new Outcome(ours.value().at("/0/value/validated"), null);
    }

    if (upstream.error() != null) {
      assertThat(ours.error()).as("ours must fail like upstream (%s)", upstream.error()).isNotNull();
    } else {
      assertThat(ours.error()).as("our policy failed").isNull();
      assertThat(ours.value()).isEqualTo(upstream.value());
    }
    if (c.has("want_result")) {
      assertThat(upstream.value()).as("upstream vs case expectation").isEqualTo(normalise(c.get("want_result")));
    } else if (c.has("error")) {
      assertThat(upstream.error()).isNotNull();
    }
  }

  @Test
  void defaultCpu_sampleClaimsWithRvs_affirmingVectorLikeUpstream() throws Exception {
    Path root = Fixtures.shared().resolve("conformance/rego/trustee");
    JsonNode input = JSON.readTree("{\"sample\":{\"svn\":\"1\",\"launch_digest\":\"abcde\","
        + "\"platform_version\":{\"major\":1,\"minor\":4},\"debug\":false},\"report_data\":\"AA==\"}");
    JsonNode rvs = JSON.readTree(Fixtures.SAMPLE_RVS);
    Outcome upstream = eval(UPSTREAM, Files.readString(root.resolve(UPSTREAM)),
        "data.policy.trust_claims", input, rvs);
    Outcome ours = eval("default_cpu.rego", AppraisalPolicies.resource("default_cpu.rego"),
        "data.policy.trust_claims", input, rvs);
    assertThat(ours).isEqualTo(upstream);
    assertThat(ours.value().get("executables").intValue()).isEqualTo(3);
    assertThat(ours.value().get("hardware").intValue()).isEqualTo(2);
    assertThat(ours.value().get("configuration").intValue()).isEqualTo(2);
  }

  private static String ourQuery(String query) {
    return query.equals("data.policy.validated_identifiers") ? "data.policy.extensions" : query;
  }

  private static Outcome eval(String name, String text, String query, JsonNode input, JsonNode rvs) {
    try {
      PolicyEngine engine = PolicyEngine.builder()
          .module(name, text)
          .regoVersion(RegoVersion.V1)
          .hostFunction("query_reference_value", 1, args -> {
            if (!(args.get(0) instanceof Value.Str s)) {
              throw new PolicyException(PolicyException.Kind.BUILTIN, "string expected");
            }
            JsonNode v = rvs.get(s.value());
            return v == null ? Value.NULL : Value.fromJson(v);
          })
          .build();
      Optional<Value> v = engine.evalRule(query, input == null ? null : Value.fromJson(input));
      return new Outcome(v.map(x -> normalise(x.toJson())).orElse(null), null);
    } catch (PolicyException e) {
      return new Outcome(null, e.getMessage());
    }
  }

  private static JsonNode normalise(JsonNode n) {
    try {
      return JSON.readTree(JSON.writeValueAsString(n));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
