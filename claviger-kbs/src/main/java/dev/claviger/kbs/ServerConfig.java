package dev.claviger.kbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claviger.kbs.internal.config.ServerConfigParser;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the all-in-one server ({@link ClavigerServer}), read from one TOML file whose
 * section names follow upstream Trustee where the meaning is the same. See
 * {@code docs/configuration.md}. Paths left empty default to files in the data directory.
 *
 * @param kbs HTTP, admin, token trust and session settings
 * @param adminConfigured whether {@code [admin]} was present (otherwise the server bootstraps a
 *     local admin key and token in the data directory)
 * @param attestationService the raw {@code [attestation_service]} table, handed to the AS
 * @param resourcePolicyPath {@code [policy_engine] policy_path}: installed at start
 * @param storage {@code [storage]}
 * @param masterKeyFile {@code [kms] master_key_file}
 * @param sessionKeyFile {@code [session] key_file}
 * @param adminTokenValidity {@code [bootstrap] admin_token_validity_days}
 */
public record ServerConfig(
    KbsConfig kbs,
    boolean adminConfigured,
    JsonNode attestationService,
    Optional<Path> resourcePolicyPath,
    Storage storage,
    Optional<Path> masterKeyFile,
    Optional<Path> sessionKeyFile,
    Duration adminTokenValidity) {

  /** {@code [storage]}: SQLite file (default {@code <data-dir>/claviger.db}) or PostgreSQL. */
  public sealed interface Storage permits Sqlite, Postgres {}

  public record Sqlite(Optional<Path> path) implements Storage {
    public Sqlite {
      Objects.requireNonNull(path, "path");
    }
  }

  /** PostgreSQL; the password is read from {@code password_file} (never inline in the TOML). */
  public record Postgres(String url, String user, Optional<Path> passwordFile, int poolSize) implements Storage {
    public Postgres {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(passwordFile, "passwordFile");
    }
  }

  public ServerConfig {
    Objects.requireNonNull(kbs, "kbs");
    attestationService = attestationService == null ? JsonNodeFactory.instance.objectNode() : attestationService.deepCopy();
    Objects.requireNonNull(resourcePolicyPath, "resourcePolicyPath");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(masterKeyFile, "masterKeyFile");
    Objects.requireNonNull(sessionKeyFile, "sessionKeyFile");
    Objects.requireNonNull(adminTokenValidity, "adminTokenValidity");
  }

  @Override
  public JsonNode attestationService() {
    return attestationService.deepCopy();
  }

  /** Parses TOML text. */
  public static ServerConfig parse(String toml) throws KbsStartException {
    return ServerConfigParser.parse(toml);
  }

  /** Reads and parses a TOML file. */
  public static ServerConfig read(Path file) throws KbsStartException {
    return ServerConfigParser.read(file);
  }

  /** Everything default: 127.0.0.1:8080 plain HTTP, SQLite and keys in the data directory. */
  public static ServerConfig defaults() {
    try {
      return parse("[http_server]\ninsecure_http = true\n");
    } catch (KbsStartException e) {
      throw new IllegalStateException("empty configuration must parse", e);
    }
  }

  public ServerConfig withSockets(List<InetSocketAddress> sockets) {
    KbsConfig k = new KbsConfig(sockets, kbs.tls(), kbs.maxRequestBytes(), kbs.sessionTimeout(), kbs.admin(),
        kbs.tokenTrust(), kbs.extraTeeKeyPaths());
    return new ServerConfig(k, adminConfigured, attestationService, resourcePolicyPath, storage, masterKeyFile,
        sessionKeyFile, adminTokenValidity);
  }
}
