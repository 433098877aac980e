package dev.claviger.store.internal;

import dev.claviger.store.NonceRepository;
import dev.claviger.store.StoreException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * Consumption is one conditional UPDATE whose row count decides: on PostgreSQL the row lock makes
 * a concurrent second UPDATE re-check {@code consumed} after the first commits (READ COMMITTED), on
 * SQLite writers are serialised. Either way exactly one caller sees a count of 1.
 */
final class JdbcNonceRepository implements NonceRepository {
  static final int MAX_NONCE = 512;

  private final Jdbc jdbc;

  JdbcNonceRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void issue(String nonce, Instant expiresAt) throws StoreException {
    Keys.check("nonce", nonce, MAX_NONCE);
    Objects.requireNonNull(expiresAt, "expiresAt");
    int rows =
        jdbc.update(
            "nonce issue",
            "INSERT INTO nonces (nonce, expires_us, consumed) VALUES (?, ?, FALSE) "
                + "ON CONFLICT (nonce) DO NOTHING",
            ps -> {
              ps.setString(1, nonce);
              ps.setLong(2, Micros.of(expiresAt));
            });
    if (rows != 1) {
      // Reissuing a nonce would let a captured answer to the first challenge be replayed.
      throw new StoreException("nonce issue failed: nonce already exists");
    }
  }

  @Override
  public boolean consume(String nonce, Instant now) throws StoreException {
    Objects.requireNonNull(now, "now");
    if (!Keys.fits(nonce, MAX_NONCE)) {
      return false;
    }
    int rows =
        jdbc.update(
            "nonce consume",
            "UPDATE nonces SET consumed = TRUE "
                + "WHERE nonce = ? AND consumed = FALSE AND expires_us > ?",
            ps -> {
              ps.setString(1, nonce);
              ps.setLong(2, Micros.of(now));
            });
    if (rows > 1) {
      throw Jdbc.failure("nonce consume", new SQLException("primary key violated: " + rows));
    }
    return rows == 1;
  }

  @Override
  public int purgeExpired(Instant now) throws StoreException {
    Objects.requireNonNull(now, "now");
    return jdbc.update(
        "nonce purge",
        "DELETE FROM nonces WHERE expires_us <= ?",
        ps -> ps.setLong(1, Micros.of(now)));
  }
}
