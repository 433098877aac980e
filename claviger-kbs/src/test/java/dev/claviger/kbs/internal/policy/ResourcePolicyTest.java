package dev.claviger.kbs.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import dev.claviger.kbs.testing.TestTokens;
import dev.claviger.store.PolicyRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ResourcePolicyTest {
  private final Map<String, String> texts = new ConcurrentHashMap<>();
  private final PolicyRepository repo = new PolicyRepository() {
    @Override public void put(String kind, String id, String text) { texts.put(kind + "/" + id, text); }
    @Override public Optional<String> get(String kind, String id) { return Optional.ofNullable(texts.get(kind + "/" + id)); }
    @Override public boolean delete(String kind, String id) { return texts.remove(kind + "/" + id) != null; }
    @Override public List<String> ids(String kind) {
      List<String> out = new ArrayList<>();
      texts.keySet().forEach(k -> { if (k.startsWith(kind + "/")) out.add(k.substring(kind.length() + 1)); });
      return out;
    }
  };
  private final ResourcePolicy policy = new ResourcePolicy(repo, ResourcePolicy.builtinDefault());
  private static final List<String> PATH = List.of("default", "key", "1");

  private static ObjectNode ear(String tee, String status) {
    return TestTokens.ear(KbsJson.mapper().createObjectNode(), tee, status, Instant.now().plusSeconds(60));
  }

  private void assertDenied(ObjectNode claims, String plugin) {
    assertThatThrownBy(() -> policy.check(claims, plugin, PATH, Map.of()))
        .isInstanceOfSatisfying(KbsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.POLICY_DENY));
  }

  @Test
  void defaultPolicy_affirmingHardwareTee_allows() {
    assertThatCode(() -> policy.check(ear("tdx", "affirming"), "resource", PATH, Map.of())).doesNotThrowAnyException();
  }

  @Test
  void defaultPolicy_sampleTee_denies() {
    assertDenied(ear("sample", "affirming"), "resource");
  }

  @Test
  void defaultPolicy_warningOrContraindicated_denies() {
    assertDenied(ear("tdx", "warning"), "resource");
    assertDenied(ear("snp", "contraindicated"), "resource");
  }

  @Test
  void defaultPolicy_anyNonAffirmingSubmod_denies() {
    ObjectNode c = ear("tdx", "affirming");
    ((ObjectNode) c.get("submods")).putObject("gpu0").put("ear.status", "warning");
    assertDenied(c, "resource");
  }

  @Test
  void defaultPolicy_noSubmodsOrOtherPlugin_denies() {
    ObjectNode c = ear("tdx", "affirming");
    c.remove("submods");
    assertDenied(c, "resource");
    assertDenied(ear("tdx", "affirming"), "nebula-ca");
  }

  @Test
  void uploadedPolicy_seesResourcePathAndQuery() throws Exception {
    policy.set("""
        package policy
        import rego.v1
        default allow := false
        allow if {
          data["resource-path"][0] == "default"
          data.query.version == "2"
          input.submods.cpu0["ear.status"] != "contraindicated"
        }
        """);
    assertThatCode(() -> policy.check(ear("sample", "warning"), "resource", PATH, Map.of("version", "2")))
        .doesNotThrowAnyException();
    assertDenied(ear("sample", "warning"), "resource");
    assertThat(policy.ids()).containsExactly("resource-policy");
  }

  @Test
  void uploadedPolicy_undefinedOrNonBoolean_denies() throws Exception {
    policy.set("package policy\nimport rego.v1\nallow if { false }\n");
    assertDenied(ear("tdx", "affirming"), "resource");
    policy.set("package policy\nimport rego.v1\nallow := \"yes\"\n");
    assertDenied(ear("tdx", "affirming"), "resource");
  }

  @Test
  void set_invalidRego_rejectedAndNotStored() {
    assertThatThrownBy(() -> policy.set("package policy\nallow if {{"))
        .isInstanceOfSatisfying(KbsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.PARSE_POLICY_ERROR));
    assertThat(texts).isEmpty();
  }
}
