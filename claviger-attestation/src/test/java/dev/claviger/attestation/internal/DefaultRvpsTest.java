package dev.claviger.attestation.internal;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.Fixtures;
import dev.claviger.attestation.InMemoryStore;
import dev.claviger.attestation.ReferenceValue;
import dev.claviger.attestation.RvpsException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultRvpsTest {
  private Fixtures.MutableClock clock;
  private DefaultRvps rvps;

  @BeforeEach
  void setUp() {
    clock = new Fixtures.MutableClock(Fixtures.T0);
    rvps = new DefaultRvps(new InMemoryStore().referenceValues(), clock, Duration.ofDays(365));
  }

  @Test
  void register_sampleMessage_valuesQueryableWithProvenanceAndExpiry() throws Exception {
    rvps.register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));

    assertThat(rvps.query("svn")).contains(M.readTree("[\"1\"]"));
    assertThat(rvps.query("major_version")).contains(M.readTree("1"));
    assertThat(rvps.query("absent")).isEmpty();
    ReferenceValue svn = rvps.list().stream().filter(r -> r.name().equals("svn")).findFirst().orElseThrow();
    assertThat(svn.provenance()).isEqualTo("sample");
    assertThat(svn.createdAt()).isEqualTo(Fixtures.T0);
    assertThat(svn.expiresAt()).contains(Fixtures.T0.plus(Duration.ofDays(365)));
  }

  @Test
  void query_afterExpiry_empty() throws Exception {
    rvps.register(Fixtures.rvMessage("{\"mr_td\":[\"aa\"]}"));
    clock.set(Fixtures.T0.plus(Duration.ofDays(365)).minusSeconds(1));
    assertThat(rvps.query("mr_td")).isPresent();
    clock.set(Fixtures.T0.plus(Duration.ofDays(365)));
    assertThat(rvps.query("mr_td")).isEmpty();
    assertThat(rvps.list()).singleElement().satisfies(r -> assertThat(r.isExpiredAt(clock.instant())).isTrue());
  }

  @Test
  void register_again_replacesValueAndRenewsExpiry() throws Exception {
    rvps.register(Fixtures.rvMessage("{\"svn\":[\"1\"]}"));
    clock.set(Fixtures.T0.plus(Duration.ofDays(300)));
    rvps.register(Fixtures.rvMessage("{\"svn\":[\"2\"]}"));
    clock.set(Fixtures.T0.plus(Duration.ofDays(400)));
    assertThat(rvps.query("svn")).contains(M.readTree("[\"2\"]"));
  }

  @Test
  void delete_removesValue() throws Exception {
    rvps.register(Fixtures.rvMessage("{\"svn\":[\"1\"]}"));
    assertThat(rvps.delete("svn")).isTrue();
    assertThat(rvps.delete("svn")).isFalse();
    assertThat(rvps.query("svn")).isEmpty();
  }

  @Test
  void register_missingVersion_acceptedAsDefault() throws Exception {
    ObjectNode m = (ObjectNode) Fixtures.rvMessage("{\"a\":1}");
    m.remove("version");
    rvps.register(m);
    assertThat(rvps.query("a")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "{\"version\":\"0.2.0\",\"type\":\"sample\",\"payload\":\"e30=\"}",
      "{\"version\":\"0.1.0\",\"type\":\"corim\",\"payload\":\"e30=\"}",
      "{\"version\":\"0.1.0\",\"payload\":\"e30=\"}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\"}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":42}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e30\"}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e_0=\"}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"WzFd\"}",
      "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"bm90IGpzb24=\"}"
  })
  void register_invalidMessage_rejectedAsInvalid(String json) throws Exception {
    assertThatThrownBy(() -> rvps.register(M.readTree(json)))
        .isInstanceOf(RvpsException.class)
        .satisfies(e -> assertThat(((RvpsException) e).reason())
            .isEqualTo(RvpsException.Reason.INVALID_MESSAGE));
  }

  @Test
  void register_badName_rejectedAndNothingStored() throws Exception {
    String payload = Base64.getEncoder().encodeToString("{\"ok\":1,\"bad name\":2}".getBytes());
    assertThatThrownBy(() -> rvps.register(M.readTree(
        "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"" + payload + "\"}")))
        .isInstanceOf(RvpsException.class);
    assertThat(rvps.list()).isEmpty();
  }

  @Test
  void query_invalidName_rejected() {
    assertThatThrownBy(() -> rvps.query("")).isInstanceOf(RvpsException.class);
    assertThatThrownBy(() -> rvps.query("x".repeat(257))).isInstanceOf(RvpsException.class);
  }
}
