package dev.claviger.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.claviger.store.NonceRepository;
import dev.claviger.store.PolicyRepository;
import dev.claviger.store.ReferenceValueRepository;
import dev.claviger.store.ResourceRepository;
import dev.claviger.store.Store;
import dev.claviger.store.StoreConfig;
import dev.claviger.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** {@link Store} over a HikariCP pool; schema managed by Flyway. */
public final class JdbcStore implements Store {
  private final HikariDataSource dataSource;
  private final String vendor;
  private final ResourceRepository resources;
  private final PolicyRepository policies;
  private final ReferenceValueRepository referenceValues;
  private final NonceRepository nonces;

  private JdbcStore(HikariDataSource dataSource, String vendor) {
    this.dataSource = dataSource;
    this.vendor = vendor;
    Jdbc jdbc = new Jdbc(dataSource);
    this.resources = new JdbcResourceRepository(jdbc);
    this.policies = new JdbcPolicyRepository(jdbc);
    this.referenceValues = new JdbcReferenceValueRepository(jdbc);
    this.nonces = new JdbcNonceRepository(jdbc);
  }

  public static Store open(StoreConfig config) throws StoreException {
    HikariDataSource ds =
        switch (config) {
          case StoreConfig.Sqlite s -> DataSources.sqlite(s);
          case StoreConfig.Postgres p -> DataSources.postgres(p);
        };
    String vendor = config instanceof StoreConfig.Sqlite ? "sqlite" : "postgresql";
    try {
      migrate(ds, vendor);
      return new JdbcStore(ds, vendor);
    } catch (StoreException | RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static void migrate(HikariDataSource ds, String vendor) throws StoreException {
    try {
      Flyway.configure(JdbcStore.class.getClassLoader())
          .dataSource(ds)
          .locations("classpath:db/migration")
          .placeholders(Map.of("blob", vendor.equals("sqlite") ? "BLOB" : "BYTEA"))
          // Fail closed on a schema newer than this build (default ignores "future" migrations).
          .ignoreMigrationPatterns(new String[0])
          .cleanDisabled(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("store schema migration failed: " + e.getMessage(), e);
    }
  }

  @Override
  public ResourceRepository resources() {
    return resources;
  }

  @Override
  public PolicyRepository policies() {
    return policies;
  }

  @Override
  public ReferenceValueRepository referenceValues() {
    return referenceValues;
  }

  @Override
  public NonceRepository nonces() {
    return nonces;
  }

  @Override
  public void ping() throws StoreException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw Jdbc.failure("store ping", e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + vendor + ", pool=" + dataSource.getPoolName() + "]";
  }
}
