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
   * Round-trips a trivial query; for readiness probes.
   *
   * @throws StoreException when the database does not answer
   */
  void ping() throws StoreException;

  /** {@code "sqlite"} or {@code "postgresql"}. */
  String vendor();

  @Override
  void close();
}
