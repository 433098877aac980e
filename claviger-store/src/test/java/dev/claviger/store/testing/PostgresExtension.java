package dev.claviger.store.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Provides a {@link PostgresServer} parameter. One server is started per test run (stored in the
 * root extension context, so it is stopped once, after the last test). Without PostgreSQL the
 * tests are skipped with a message, except under {@code CI=true} where they fail.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server(e);
  }

  private static PostgresServer server(ExtensionContext context) {
    Holder h = context.getRoot().getStore(NS).getOrComputeIfAbsent(
        "server", k -> Holder.create(), Holder.class);
    if (h.server == null) {
      unavailable(h.problem);
    }
    return h.server;
  }

  private static void unavailable(String why) {
    String message = "PostgreSQL unavailable (" + why + "): apt-get install postgresql, "
        + "or set CLAVIGER_TEST_PG_URL to an external server";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(message);
    }
    throw new TestAbortedException(message);
  }

  /** Closed by JUnit when the root context closes, i.e. after all tests. */
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    private final PostgresServer server;
    private final String problem;

    private Holder(PostgresServer server, String problem) {
      this.server = server;
      this.problem = problem;
    }

    static Holder create() {
      String url = System.getenv("CLAVIGER_TEST_PG_URL");
      if (url != null && !url.isBlank()) {
        return new Holder(PostgresServer.external(url), null);
      }
      Optional<Path> bin = PostgresBinaries.find();
      if (bin.isEmpty()) {
        return new Holder(null, "initdb/pg_ctl not found on PATH, /usr/lib/postgresql/*/bin, "
            + "/usr/local/bin");
      }
      try {
        return new Holder(PostgresServer.start(bin.get()), null);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return new Holder(null, "could not start from " + bin.get() + ": " + e.getMessage());
      }
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }
}
