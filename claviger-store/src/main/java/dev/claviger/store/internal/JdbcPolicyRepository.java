package dev.claviger.store.internal;

import dev.claviger.store.PolicyRepository;
import dev.claviger.store.StoreException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcPolicyRepository implements PolicyRepository {
  static final int MAX_KIND = 64;
  static final int MAX_ID = 256;
  static final int MAX_TEXT = 4 * 1024 * 1024;

  private final Jdbc jdbc;

  JdbcPolicyRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void put(String kind, String id, String text) throws StoreException {
    Keys.check("kind", kind, MAX_KIND);
    Keys.check("id", id, MAX_ID);
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("policy text exceeds " + MAX_TEXT + " characters");
    }
    jdbc.update(
        "policy put",
        "INSERT INTO policies (kind, id, body) VALUES (?, ?, ?) "
            + "ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body",
        ps -> {
          ps.setString(1, kind);
          ps.setString(2, id);
          ps.setString(3, text);
        });
  }

  @Override
  public Optional<String> get(String kind, String id) throws StoreException {
    if (!Keys.fits(kind, MAX_KIND) || !Keys.fits(id, MAX_ID)) {
      return Optional.empty();
    }
    return jdbc.queryOne(
        "policy get",
        "SELECT body FROM policies WHERE kind = ? AND id = ?",
        ps -> {
          ps.setString(1, kind);
          ps.setString(2, id);
        },
        rs -> rs.getString(1));
  }

  @Override
  public boolean delete(String kind, String id) throws StoreException {
    if (!Keys.fits(kind, MAX_KIND) || !Keys.fits(id, MAX_ID)) {
      return false;
    }
    return jdbc.update(
            "policy delete",
            "DELETE FROM policies WHERE kind = ? AND id = ?",
            ps -> {
              ps.setString(1, kind);
              ps.setString(2, id);
            })
        > 0;
  }

  @Override
  public List<String> ids(String kind) throws StoreException {
    if (!Keys.fits(kind, MAX_KIND)) {
      return List.of();
    }
    return jdbc.query(
        "policy ids",
        "SELECT id FROM policies WHERE kind = ? ORDER BY id",
        ps -> ps.setString(1, kind),
        rs -> rs.getString(1));
  }
}
