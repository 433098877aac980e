package dev.claviger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have, run against each database. Subclasses prepare an
 * empty database in {@link #prepareEmptyDatabase()} and open stores on it in {@link #openStore()}
 * (several calls open several independent stores on the same database, like replicas).
 */
abstract class StoreContractTest {
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456Z");

  private final List<Store> opened = new ArrayList<>();
  protected Store store;

  /** Creates the database (file, schema) that {@link #openStore()} opens. */
  protected abstract void prepareEmptyDatabase() throws Exception;

  /** Opens a new, independent store on the prepared database. */
  protected abstract Store newStore() throws StoreException;

  protected abstract String expectedVendor();

  /** Marks the prepared database as migrated by a newer build (a migration this build lacks). */
  protected abstract void recordFutureMigration() throws Exception;

  protected final Store openStore() throws StoreException {
    Store s = newStore();
    opened.add(s);
    return s;
  }

  @BeforeEach
  void setUp() throws Exception {
    prepareEmptyDatabase();
    store = openStore();
  }

  @AfterEach
  void tearDown() {
    opened.forEach(Store::close);
  }

  // --- resources ---

  @Test
  void resources_putGet_roundTripsEveryByteValue() throws Exception {
    byte[] blob = new byte[256];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    store.resources().put("default/key/all-bytes", blob);
    assertThat(store.resources().get("default/key/all-bytes")).hasValue(blob);
  }

  @Test
  void resources_fourMiBBlob_roundTrips() throws Exception {
    byte[] blob = new byte[4 * 1024 * 1024];
    new java.util.Random(7).nextBytes(blob);
    store.resources().put("big/blob/1", blob);
    assertThat(store.resources().get("big/blob/1")).hasValue(blob);
  }

  @Test
  void resources_putTwice_replaces() throws Exception {
    store.resources().put("r/t/x", bytes("one"));
    store.resources().put("r/t/x", bytes("two"));
    assertThat(store.resources().get("r/t/x")).hasValue(bytes("two"));
    assertThat(store.resources().list()).containsExactly("r/t/x");
  }

  @Test
  void resources_missing_emptyAndDeleteFalse() throws Exception {
    assertThat(store.resources().get("no/such/thing")).isEmpty();
    assertThat(store.resources().delete("no/such/thing")).isFalse();
    assertThat(store.resources().get("x".repeat(5000))).isEmpty();
  }

  @Test
  void resources_delete_removesOnlyThatPath() throws Exception {
    store.resources().put("a/b/c", bytes("1"));
    store.resources().put("a/b/d", bytes("2"));
    assertThat(store.resources().delete("a/b/c")).isTrue();
    assertThat(store.resources().get("a/b/c")).isEmpty();
    assertThat(store.resources().list()).containsExactly("a/b/d");
  }

  @Test
  void resources_list_sorted() throws Exception {
    for (String p : List.of("z/t/1", "a/t/2", "m/t/3")) {
      store.resources().put(p, bytes(p));
    }
    assertThat(store.resources().list()).containsExactly("a/t/2", "m/t/3", "z/t/1");
  }

  @Test
  void resources_badPath_rejected() {
    assertThatThrownBy(() -> store.resources().put("", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.resources().put("a\nb", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.resources().put("p".repeat(1025), bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resources_visibleToSecondStore() throws Exception {
    store.resources().put("shared/key/1", bytes("s"));
    assertThat(openStore().resources().get("shared/key/1")).hasValue(bytes("s"));
  }

  // --- policies ---

  @Test
  void policies_putGetIdsDelete_perKind() throws Exception {
    store.policies().put("resource", "default", "package policy\nallow := true\n");
    store.policies().put("attestation", "default", "package policy\n");
    store.policies().put("attestation", "b", "x");
    assertThat(store.policies().get("resource", "default")).hasValue("package policy\nallow := true\n");
    assertThat(store.policies().ids("attestation")).containsExactly("b", "default");
    assertThat(store.policies().ids("resource")).containsExactly("default");
    assertThat(store.policies().ids("other")).isEmpty();
    assertThat(store.policies().delete("attestation", "default")).isTrue();
    assertThat(store.policies().delete("attestation", "default")).isFalse();
    assertThat(store.policies().get("attestation", "default")).isEmpty();
    assertThat(store.policies().get("resource", "default")).isPresent();
  }

  @Test
  void policies_putTwice_replacesAndKeepsUnicode() throws Exception {
    store.policies().put("resource", "p", "old");
    store.policies().put("resource", "p", "new \u20ac \ud83d\ude00");
    assertThat(store.policies().get("resource", "p")).hasValue("new \u20ac \ud83d\ude00");
  }

  // --- reference values ---

  @Test
  void referenceValues_putGet_roundTripsToMicroseconds() throws Exception {
    Instant created = Instant.parse("2026-03-04T05:06:07.123456789Z");
    ReferenceValueRecord r =
        new ReferenceValueRecord("snp_launch_measurement", "[\"ab\",\"cd\"]", "sample", created,
            created.plusSeconds(3600));
    store.referenceValues().put(r);
    ReferenceValueRecord got = store.referenceValues().get("snp_launch_measurement").orElseThrow();
    assertThat(got.valuesJson()).isEqualTo("[\"ab\",\"cd\"]");
    assertThat(got.provenance()).isEqualTo("sample");
    assertThat(got.createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
    assertThat(got.expiresAt()).isEqualTo(Instant.parse("2026-03-04T06:06:07.123456Z"));
  }

  @Test
  void referenceValues_nullExpiry_staysNull() throws Exception {
    store.referenceValues().put(new ReferenceValueRecord("n", "[]", "sample", T0, null));
    assertThat(store.referenceValues().get("n").orElseThrow().expiresAt()).isNull();
  }

  @Test
  void referenceValues_putSameName_replacesAllFields() throws Exception {
    store.referenceValues().put(new ReferenceValueRecord("n", "[1]", "a", T0, T0.plusSeconds(1)));
    store.referenceValues().put(new ReferenceValueRecord("n", "[2]", "b", T0.plusSeconds(5), null));
    assertThat(store.referenceValues().get("n"))
        .hasValue(new ReferenceValueRecord("n", "[2]", "b", T0.plusSeconds(5), null));
    assertThat(store.referenceValues().list()).hasSize(1);
  }

  @Test
  void referenceValues_listSortedAndDelete() throws Exception {
    store.referenceValues().put(new ReferenceValueRecord("b", "[]", "s", T0, null));
    store.referenceValues().put(new ReferenceValueRecord("a", "[]", "s", T0, null));
    assertThat(store.referenceValues().list()).extracting(ReferenceValueRecord::name)
        .containsExactly("a", "b");
    assertThat(store.referenceValues().delete("a")).isTrue();
    assertThat(store.referenceValues().delete("a")).isFalse();
    assertThat(store.referenceValues().get("a")).isEmpty();
  }

  @Test
  void referenceValues_instantsBeforeEpoch_roundTrip() throws Exception {
    Instant old = Instant.parse("1969-12-31T23:59:59.5Z");
    store.referenceValues().put(new ReferenceValueRecord("old", "[]", "s", old, null));
    assertThat(store.referenceValues().get("old").orElseThrow().createdAt()).isEqualTo(old);
  }

  // --- nonces ---

  @Test
  void nonces_consume_onlyOnce() throws Exception {
    store.nonces().issue("n1", T0.plusSeconds(60));
    assertThat(store.nonces().consume("n1", T0)).isTrue();
    assertThat(store.nonces().consume("n1", T0)).isFalse();
  }

  @Test
  void nonces_unknown_notConsumed() throws Exception {
    assertThat(store.nonces().consume("never-issued", T0)).isFalse();
    assertThat(store.nonces().consume("x".repeat(600), T0)).isFalse();
  }

  @Test
  void nonces_expired_notConsumed() throws Exception {
    store.nonces().issue("n", T0.plusSeconds(60));
    assertThat(store.nonces().consume("n", T0.plusSeconds(60))).isFalse();
    assertThat(store.nonces().consume("n", T0.plusSeconds(61))).isFalse();
    assertThat(store.nonces().consume("n", T0.plusSeconds(59))).isTrue();
  }

  @Test
  void nonces_issueSameNonceTwice_rejected() throws Exception {
    store.nonces().issue("dup", T0.plusSeconds(60));
    assertThatThrownBy(() -> store.nonces().issue("dup", T0.plusSeconds(90)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void nonces_purgeExpired_deletesOnlyExpired() throws Exception {
    store.nonces().issue("old1", T0.minusSeconds(10));
    store.nonces().issue("old2", T0);
    store.nonces().issue("live", T0.plusSeconds(10));
    assertThat(store.nonces().purgeExpired(T0)).isEqualTo(2);
    assertThat(store.nonces().purgeExpired(T0)).isZero();
    assertThat(store.nonces().consume("live", T0)).isTrue();
  }

  @Test
  void nonces_consumedBySecondStore_notConsumableByFirst() throws Exception {
    store.nonces().issue("cross", T0.plusSeconds(60));
    assertThat(openStore().nonces().consume("cross", T0)).isTrue();
    assertThat(store.nonces().consume("cross", T0)).isFalse();
  }

  /** Two stores (replicas) on one database, many threads racing for each nonce: one winner. */
  @Test
  void nonces_concurrentConsumeAcrossStores_exactlyOneWins() throws Exception {
    Store replica = openStore();
    int threads = 8;
    int rounds = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String nonce = "race-" + round;
        store.nonces().issue(nonce, T0.plusSeconds(60));
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Store s = (t % 2 == 0) ? store : replica;
          Callable<Boolean> task = () -> {
            start.await(30, TimeUnit.SECONDS);
            return s.nonces().consume(nonce, T0);
          };
          results.add(pool.submit(task));
        }
        int winners = 0;
        for (Future<Boolean> f : results) {
          winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).as("winners for %s", nonce).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- lifecycle ---

  @Test
  void open_again_keepsDataAndDoesNotRemigrate() throws Exception {
    store.policies().put("resource", "keep", "x");
    store.close();
    assertThat(openStore().policies().get("resource", "keep")).hasValue("x");
  }

  @Test
  void open_schemaFromNewerBuild_refused() throws Exception {
    store.close();
    recordFutureMigration();
    assertThatThrownBy(this::openStore)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema migration failed")
        .hasMessageContaining("999");
  }

  @Test
  void ping_andVendor() throws Exception {
    store.ping();
    assertThat(store.toString()).contains(expectedVendor());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
