package dev.claviger.cli;

import dev.claviger.kbs.ClavigerServer;
import dev.claviger.kbs.KbsStartException;
import dev.claviger.kbs.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code claviger server}: the all-in-one trust services until SIGINT/SIGTERM. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the all-in-one trust services: KBS + Attestation Service + RVPS + KMS + store.",
      "Without [admin] in the config, the first start writes an admin token to <data-dir>/admin-token."
    })
public final class ServerCommand implements Callable<Integer> {
  /** Without a config file: plain HTTP, which is only acceptable on a loopback address. */
  static final String LOOPBACK_DEFAULTS = "[http_server]\ninsecure_http = true\n";

  @Option(names = "--data-dir", defaultValue = ".claviger", paramLabel = "DIR",
      description = "Store, keys and admin token live here (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Overrides http_server.sockets (default 127.0.0.1:8080).")
  String listen;

  @Option(names = "--config", paramLabel = "FILE", description = "Server TOML (docs/configuration.md).")
  Path config;

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg = loadConfig();
    CountDownLatch stopped = new CountDownLatch(1);
    ClavigerServer server = ClavigerServer.start(cfg, dataDir);
    Thread hook = new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "claviger-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    InetSocketAddress first = cfg.kbs().sockets().get(0);
    Streams.out().println("claviger server listening on http://" + first.getHostString() + ":" + server.port()
        + " (data dir " + dataDir.toAbsolutePath() + ")");
    if (Files.exists(server.adminTokenFile())) {
      Streams.out().println("admin token: " + server.adminTokenFile().toAbsolutePath());
    }
    Streams.out().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  ServerConfig loadConfig() throws Main.UsageException {
    ServerConfig cfg;
    try {
      cfg = config != null ? ServerConfig.read(config) : ServerConfig.parse(LOOPBACK_DEFAULTS);
    } catch (KbsStartException | IllegalArgumentException e) {
      throw new Main.UsageException("invalid configuration: " + e.getMessage());
    }
    if (listen != null) {
      cfg = cfg.withSockets(List.of(parseListen(listen)));
    }
    if (config == null) {
      for (InetSocketAddress socket : cfg.kbs().sockets()) {
        if (!isLoopback(socket)) {
          throw new Main.UsageException("plain HTTP on non-loopback " + listen
              + " needs a --config with TLS (http_server.private_key/certificate) or insecure_http = true");
        }
      }
    }
    return cfg;
  }

  static InetSocketAddress parseListen(String text) throws Main.UsageException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new Main.UsageException("--listen must be HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new Main.UsageException("--listen port must be 0..65535, got '" + text.substring(colon + 1) + "'");
    }
  }

  private static boolean isLoopback(InetSocketAddress socket) {
    try {
      return socket.getAddress() != null ? socket.getAddress().isLoopbackAddress()
          : InetAddress.getByName(socket.getHostString()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
