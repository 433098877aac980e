package dev.claviger.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.claviger.store.StoreConfig;
import dev.claviger.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Connection pools per vendor. */
final class DataSources {
  /** SQLite has one writer; a few connections serve concurrent readers under WAL. */
  private static final int SQLITE_POOL = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private DataSources() {}

  static HikariDataSource sqlite(StoreConfig.Sqlite config) throws StoreException {
    Path file = config.file().toAbsolutePath().normalize();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("cannot create directory for " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
    sqlite.enforceForeignKeys(true);
    SQLiteDataSource raw = new SQLiteDataSource(sqlite);
    raw.setUrl("jdbc:sqlite:" + file);
    HikariConfig hc = base("sqlite");
    hc.setDataSource(raw);
    hc.setMaximumPoolSize(SQLITE_POOL);
    return start(hc, "SQLite " + file);
  }

  static HikariDataSource postgres(StoreConfig.Postgres config) throws StoreException {
    HikariConfig hc = base("postgresql");
    hc.setDriverClassName("org.postgresql.Driver");
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setUsername(config.user());
    byte[] pw = config.password().toByteArray();
    // Hikari and pgjdbc only take a String password; it lives as long as the pool.
    hc.setPassword(new String(pw, StandardCharsets.UTF_8));
    Arrays.fill(pw, (byte) 0);
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    return start(hc, "PostgreSQL " + redact(config.jdbcUrl()));
  }

  private static HikariConfig base(String vendor) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("claviger-store-" + vendor + "-" + POOLS.incrementAndGet());
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(10_000);
    // Fail Stores.open at once when the database is unreachable, rather than on first use.
    hc.setInitializationFailTimeout(1);
    return hc;
  }

  private static HikariDataSource start(HikariConfig hc, String what) throws StoreException {
    try {
      return new HikariDataSource(hc);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException("cannot connect to " + what + ": " + cause.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + what + ": " + e.getMessage(), e);
    }
  }

  /** JDBC URLs may carry credentials in their query string. */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
  }
}
