package dev.claviger.store;

/** A schema-history row as a later build would leave it. */
final class FutureMigration {
  static final String INSERT =
      "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
          + " checksum, installed_by, installed_on, execution_time, success) VALUES (100, '999',"
          + " 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', CURRENT_TIMESTAMP,"
          + " 0, TRUE)";

  private FutureMigration() {}
}
