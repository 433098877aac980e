package dev.claviger.store.internal;

import dev.claviger.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Tiny JDBC template: one statement per call, autocommit, SQLExceptions become StoreException. */
final class Jdbc {
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  int update(String operation, String sql, Binder binder) throws StoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  <T> List<T> query(String operation, String sql, Binder binder, RowMapper<T> mapper)
      throws StoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  <T> Optional<T> queryOne(String operation, String sql, Binder binder, RowMapper<T> mapper)
      throws StoreException {
    List<T> rows = query(operation, sql, binder, mapper);
    if (rows.size() > 1) {
      throw new StoreException(operation + ": expected at most one row, got " + rows.size());
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static StoreException failure(String operation, SQLException e) {
    return new StoreException(
        operation + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
  }
}
