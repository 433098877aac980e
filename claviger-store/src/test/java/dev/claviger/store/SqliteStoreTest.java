package dev.claviger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;
  private Path file;

  @Override
  protected void prepareEmptyDatabase() {
    file = dir.resolve("state/claviger.db");
  }

  @Override
  protected Store newStore() throws StoreException {
    return Stores.open(StoreConfig.sqlite(file));
  }

  @Override
  protected String expectedVendor() {
    return "sqlite";
  }

  @Override
  protected void recordFutureMigration() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(FutureMigration.INSERT);
    }
  }

  @Test
  void open_sqlite_usesWalJournal() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void open_unwritableLocation_storeException() {
    StoreConfig bad = StoreConfig.sqlite(Path.of("/proc/claviger-cannot-exist/x.db"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stores.open(bad))
        .isInstanceOf(StoreException.class);
  }
}
