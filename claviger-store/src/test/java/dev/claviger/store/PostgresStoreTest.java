package dev.claviger.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.SecretBytes;
import dev.claviger.store.testing.PostgresExtension;
import dev.claviger.store.testing.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresStoreTest extends StoreContractTest {
  private final PostgresServer server;
  private StoreConfig config;

  PostgresStoreTest(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected void prepareEmptyDatabase() {
    config = server.freshSchema(4);
  }

  @Override
  protected Store newStore() throws StoreException {
    return Stores.open(config);
  }

  @Override
  protected String expectedVendor() {
    return "postgresql";
  }

  @Override
  protected void recordFutureMigration() {
    String url = ((StoreConfig.Postgres) config).jdbcUrl();
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    server.execute(FutureMigration.INSERT.replace("flyway_schema_history",
        schema + ".flyway_schema_history"));
  }

  @Test
  void open_nothingListening_storeExceptionWithoutPassword() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StoreConfig dead = StoreConfig.postgres("jdbc:postgresql://127.0.0.1:" + port + "/x", "u",
        SecretBytes.copyOf("hunter2-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 2);
    assertThatThrownBy(() -> Stores.open(dead))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void open_wrongPassword_storeException() {
    StoreConfig.Postgres good = (StoreConfig.Postgres) config;
    StoreConfig bad = StoreConfig.postgres(good.jdbcUrl(), good.user(), "wrong".toCharArray(), 2);
    assertThatThrownBy(() -> Stores.open(bad)).isInstanceOf(StoreException.class);
  }

  @Test
  void config_toString_hidesPassword() {
    org.assertj.core.api.Assertions.assertThat(config.toString())
        .contains("redacted")
        .doesNotContain(new String(((StoreConfig.Postgres) config).password().toByteArray(),
            java.nio.charset.StandardCharsets.UTF_8));
  }
}
