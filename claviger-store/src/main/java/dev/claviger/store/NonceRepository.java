package dev.claviger.store;

import java.time.Instant;

/**
 * Single-use nonces: issued at {@code /auth}, consumed exactly once at {@code /attest} by any
 * replica sharing the store.
 */
public interface NonceRepository {
  void issue(String nonce, Instant expiresAt) throws StoreException;

  /**
   * Atomically consumes a nonce.
   *
   * @return true when the nonce existed, was unexpired at {@code now}, and had not been consumed;
   *     false otherwise (a replay or an unknown/expired nonce)
   */
  boolean consume(String nonce, Instant now) throws StoreException;

  /** Deletes nonces that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now) throws StoreException;
}
