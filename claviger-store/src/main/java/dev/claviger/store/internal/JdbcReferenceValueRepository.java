package dev.claviger.store.internal;

import dev.claviger.store.ReferenceValueRecord;
import dev.claviger.store.ReferenceValueRepository;
import dev.claviger.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Instants are kept to microsecond precision (see {@link Micros}). */
final class JdbcReferenceValueRepository implements ReferenceValueRepository {
  static final int MAX_NAME = 256;
  static final int MAX_PROVENANCE = 256;
  static final int MAX_VALUES = 1024 * 1024;
  private static final String COLUMNS = "name, values_json, provenance, created_us, expires_us";

  private final Jdbc jdbc;

  JdbcReferenceValueRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void put(ReferenceValueRecord r) throws StoreException {
    Objects.requireNonNull(r, "record");
    Keys.check("name", r.name(), MAX_NAME);
    Keys.check("provenance", r.provenance(), MAX_PROVENANCE);
    if (r.valuesJson().length() > MAX_VALUES) {
      throw new IllegalArgumentException("valuesJson exceeds " + MAX_VALUES + " characters");
    }
    jdbc.update(
        "reference value put",
        "INSERT INTO reference_values (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET values_json = excluded.values_json, "
            + "provenance = excluded.provenance, created_us = excluded.created_us, "
            + "expires_us = excluded.expires_us",
        ps -> {
          ps.setString(1, r.name());
          ps.setString(2, r.valuesJson());
          ps.setString(3, r.provenance());
          ps.setLong(4, Micros.of(r.createdAt()));
          if (r.expiresAt() == null) {
            ps.setNull(5, Types.BIGINT);
          } else {
            ps.setLong(5, Micros.of(r.expiresAt()));
          }
        });
  }

  @Override
  public Optional<ReferenceValueRecord> get(String name) throws StoreException {
    if (!Keys.fits(name, MAX_NAME)) {
      return Optional.empty();
    }
    return jdbc.queryOne(
        "reference value get",
        "SELECT " + COLUMNS + " FROM reference_values WHERE name = ?",
        ps -> ps.setString(1, name),
        JdbcReferenceValueRepository::map);
  }

  @Override
  public List<ReferenceValueRecord> list() throws StoreException {
    return jdbc.query(
        "reference value list",
        "SELECT " + COLUMNS + " FROM reference_values ORDER BY name",
        ps -> {},
        JdbcReferenceValueRepository::map);
  }

  @Override
  public boolean delete(String name) throws StoreException {
    if (!Keys.fits(name, MAX_NAME)) {
      return false;
    }
    return jdbc.update(
            "reference value delete",
            "DELETE FROM reference_values WHERE name = ?",
            ps -> ps.setString(1, name))
        > 0;
  }

  private static ReferenceValueRecord map(ResultSet rs) throws SQLException {
    long expires = rs.getLong(5);
    boolean never = rs.wasNull();
    return new ReferenceValueRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Micros.toInstant(rs.getLong(4)),
        never ? null : Micros.toInstant(expires));
  }
}
