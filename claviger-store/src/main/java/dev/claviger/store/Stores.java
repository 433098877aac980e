package dev.claviger.store;

import dev.claviger.store.internal.JdbcStore;
import java.util.Objects;

/** Opens stores. */
public final class Stores {
  private Stores() {}

  /**
   * Opens (creating if needed) the store, migrates its schema to the current version (Flyway), and
   * starts a connection pool. Close the returned store to release the pool.
   *
   * @throws StoreException when the database is unreachable, the migration fails, or the schema is
   *     newer than this build understands
   */
  public static Store open(StoreConfig config) throws StoreException {
    return JdbcStore.open(Objects.requireNonNull(config, "config"));
  }
}
