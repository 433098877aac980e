package dev.claviger.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.store.Store;
import dev.claviger.store.StoreConfig;
import dev.claviger.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over the real SQLite store: policies and reference values survive a restart. */
class SqliteStoreAttestationTest {
  @TempDir Path dir;

  @Test
  void attest_valuesAndPolicyPersistAcrossServiceInstances() throws Exception {
    Path db = dir.resolve("claviger.db");
    Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
    try (Store store = Stores.open(StoreConfig.sqlite(db))) {
      AttestationService as = AttestationServices.create(Fixtures.sampleConfig(), store, clock);
      as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));
      as.setPolicy("strict_cpu", "package policy\ntrust_claims := {\"hardware\": 97}\n");
    }
    try (Store store = Stores.open(StoreConfig.sqlite(db))) {
      AttestationService as = AttestationServices.create(Fixtures.sampleConfig(), store, clock);
      assertThat(as.policyIds()).contains("strict_cpu", "default_cpu");
      JsonNode cpu0 = AttestationServiceTest.verifiedClaims(as, as.attest(Fixtures.sampleRequest()).jwt())
          .at("/submods/cpu0");
      assertThat(cpu0.get("ear.status").textValue()).isEqualTo("affirming");
      assertThat(as.rvps().list()).extracting(ReferenceValue::provenance).containsOnly("sample");
    }
  }
}
