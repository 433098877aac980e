package dev.claviger.store.internal;

import dev.claviger.store.ResourceRepository;
import dev.claviger.store.StoreException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcResourceRepository implements ResourceRepository {
  static final int MAX_PATH = 1024;
  /** Sealed resources are keys and small files; the KMS caps plaintexts at 64 MiB. */
  static final int MAX_SEALED = 65 * 1024 * 1024;

  private final Jdbc jdbc;

  JdbcResourceRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void put(String path, byte[] sealed) throws StoreException {
    Keys.check("path", path, MAX_PATH);
    Objects.requireNonNull(sealed, "sealed");
    if (sealed.length > MAX_SEALED) {
      throw new IllegalArgumentException("sealed resource exceeds " + MAX_SEALED + " bytes");
    }
    jdbc.update(
        "resource put",
        "INSERT INTO resources (path, sealed) VALUES (?, ?) "
            + "ON CONFLICT (path) DO UPDATE SET sealed = excluded.sealed",
        ps -> {
          ps.setString(1, path);
          ps.setBytes(2, sealed);
        });
  }

  @Override
  public Optional<byte[]> get(String path) throws StoreException {
    if (!Keys.fits(path, MAX_PATH)) {
      return Optional.empty();
    }
    return jdbc.queryOne(
        "resource get",
        "SELECT sealed FROM resources WHERE path = ?",
        ps -> ps.setString(1, path),
        rs -> rs.getBytes(1));
  }

  @Override
  public boolean delete(String path) throws StoreException {
    if (!Keys.fits(path, MAX_PATH)) {
      return false;
    }
    return jdbc.update(
            "resource delete", "DELETE FROM resources WHERE path = ?", ps -> ps.setString(1, path))
        > 0;
  }

  @Override
  public List<String> list() throws StoreException {
    return jdbc.query(
        "resource list", "SELECT path FROM resources ORDER BY path", ps -> {}, rs -> rs.getString(1));
  }
}
