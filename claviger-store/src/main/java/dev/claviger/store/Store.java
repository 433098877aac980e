package dev.claviger.store;

/**
 * Persistent state of the trust services, over JDBC: an SQLite file (embedded default) or
 * PostgreSQL (shared by replicas). Thread-safe. Open with {@code Stores.open(StoreConfig)}.
 */
public interface Store extends AutoCloseable {
  /** KBS resources (already sealed by the caller; the store never sees plaintext). */
  ResourceRepository resources();

  /** Resource and attestation policies (Rego text) by kind and id. */
  PolicyRepository policies();

  /** RVPS reference values. */
  ReferenceValueRepository referenceValues();

  /** Single-use nonces of the RCAR handshake. */
  NonceRepository nonces();

  /**
   * Round-trips a query to the backing database; for readiness probes. The default performs a
   * primary-key lookup through {@link #policies()}; JDBC stores override it with {@code SELECT 1}.
   *
   * @throws StoreException when the database does not answer
   */
  default void ping() throws StoreException {
    policies().get("ping", "ping");
  }

  @Override
  void close();
}
