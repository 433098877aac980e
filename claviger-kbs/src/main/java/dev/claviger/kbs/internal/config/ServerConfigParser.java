package dev.claviger.kbs.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.claviger.kbs.KbsConfig;
import dev.claviger.kbs.KbsStartException;
import dev.claviger.kbs.ServerConfig;
import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.token.TokenTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the server TOML. Unknown sections and keys are errors: a typo must not silently drop,
 * say, the admin configuration or a trust anchor.
 */
public final class ServerConfigParser {
  private static final int MAX_CONFIG_BYTES = 1 << 20;
  private static final Set<String> SECTIONS = Set.of("http_server", "admin", "attestation_token",
      "attestation_service", "policy_engine", "storage", "kms", "session", "bootstrap", "plugins");

  private ServerConfigParser() {}

  public static ServerConfig read(Path file) throws KbsStartException {
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new KbsStartException("configuration file larger than 1 MiB: " + file);
      }
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new KbsStartException("cannot read configuration " + file + ": " + e.getMessage(), e);
    }
  }

  public static ServerConfig parse(String toml) throws KbsStartException {
    JsonNode root;
    try {
      root = toml.isBlank() ? JsonNodeFactory.instance.objectNode() : new TomlMapper().readTree(toml);
    } catch (IOException e) {
      throw new KbsStartException("configuration is not valid TOML: " + e.getMessage(), e);
    }
    try {
      Toml t = new Toml(root, "");
      t.only(SECTIONS);
      plugins(root.get("plugins"));
      Toml http = t.table("http_server");
      http.only(Set.of("sockets", "insecure_http", "private_key", "certificate", "payload_request_size", "worker_count"));
      Toml token = t.table("attestation_token");
      token.only(Set.of("trusted_certs_paths", "trusted_jwk_sets", "extra_teekey_paths", "insecure_header_jwk"));
      Toml as = t.table("attestation_service");
      Toml policy = t.table("policy_engine");
      policy.only(Set.of("policy_path"));
      Toml kms = t.table("kms");
      kms.only(Set.of("type", "master_key_file"));
      if (!kms.string("type").orElse("local").equals("local")) {
        throw new IllegalArgumentException("kms.type: only \"local\" is supported by the server");
      }
      Toml session = t.table("session");
      session.only(Set.of("key_file"));
      Toml bootstrap = t.table("bootstrap");
      bootstrap.only(Set.of("admin_token_validity_days"));

      KbsConfig kbs = new KbsConfig(
          sockets(http),
          tls(http),
          http.integer("payload_request_size").orElse(2L) << 20,
          Duration.ofMinutes(as.integer("timeout").orElse(5L)),
          AdminConfigParser.parse(root.get("admin")),
          trust(token),
          token.strings("extra_teekey_paths"));
      return new ServerConfig(
          kbs,
          root.has("admin"),
          attestationService(root.get("attestation_service")),
          policy.string("policy_path").map(Path::of),
          storage(t.table("storage")),
          kms.string("master_key_file").map(Path::of),
          session.string("key_file").map(Path::of),
          Duration.ofDays(bootstrap.integer("admin_token_validity_days").orElse(365L)));
    } catch (IllegalArgumentException e) {
      throw new KbsStartException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static List<InetSocketAddress> sockets(Toml http) {
    List<String> raw = http.strings("sockets");
    if (raw.isEmpty()) {
      raw = List.of("127.0.0.1:8080");
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : raw) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("http_server.sockets entries are host:port, got " + s);
      }
      String host = s.substring(0, colon).replace("[", "").replace("]", "");
      out.add(new InetSocketAddress(host, Integer.parseInt(s.substring(colon + 1))));
    }
    return out;
  }

  /** Upstream defaults to TLS; so do we: plain HTTP needs {@code insecure_http = true}. */
  private static Optional<KbsConfig.Tls> tls(Toml http) {
    boolean insecure = http.bool("insecure_http").orElse(false);
    Optional<String> key = http.string("private_key");
    Optional<String> cert = http.string("certificate");
    if (insecure) {
      return Optional.empty();
    }
    if (key.isEmpty() || cert.isEmpty()) {
      throw new IllegalArgumentException(
          "http_server: set private_key and certificate for HTTPS, or insecure_http = true for plain HTTP");
    }
    return Optional.of(new KbsConfig.Tls(Path.of(key.get()), Path.of(cert.get())));
  }

  private static TokenTrust trust(Toml token) {
    List<X509Certificate> certs = new ArrayList<>();
    List<PublicKey> keys = new ArrayList<>();
    for (String p : token.strings("trusted_certs_paths")) {
      TrustFiles.load(Path.of(p), certs, keys);
    }
    List<URI> jwks = new ArrayList<>();
    for (String u : token.strings("trusted_jwk_sets")) {
      jwks.add(URI.create(u));
    }
    return new TokenTrust(certs, keys, jwks, token.bool("insecure_header_jwk").orElse(false));
  }

  private static JsonNode attestationService(JsonNode node) {
    if (node == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    String type = node.path("type").asText("coco_as_builtin");
    if (!type.equals("coco_as_builtin")) {
      throw new IllegalArgumentException("attestation_service.type: only coco_as_builtin is supported, got " + type);
    }
    return node;
  }

  private static ServerConfig.Storage storage(Toml s) {
    s.only(Set.of("type", "path", "url", "user", "password_file", "pool_size"));
    String type = s.string("type").orElse("sqlite");
    return switch (type) {
      case "sqlite" -> new ServerConfig.Sqlite(s.string("path").map(Path::of));
      case "postgres" -> new ServerConfig.Postgres(
          s.string("url").orElseThrow(() -> new IllegalArgumentException("storage.url is required for postgres")),
          s.string("user").orElse("claviger"),
          s.string("password_file").map(Path::of),
          (int) (long) s.integer("pool_size").orElse(10L));
      default -> throw new IllegalArgumentException("storage.type must be sqlite or postgres, got " + type);
    };
  }

  /** Only the resource plugin exists; accept upstream's {@code [[plugins]] name = "resource"}. */
  private static void plugins(JsonNode plugins) {
    if (plugins == null) {
      return;
    }
    if (!plugins.isArray()) {
      throw new IllegalArgumentException("plugins must be an array of tables ([[plugins]])");
    }
    for (JsonNode p : plugins) {
      String name = p.path("name").asText("");
      String backend = p.path("storage_backend_type").asText("kvstorage");
      if (!name.equals("resource") || !backend.equals("kvstorage")) {
        throw new IllegalArgumentException("only the resource plugin with kvstorage is supported, got " + p);
      }
    }
  }

  /** Typed access to one TOML table, with a dotted name for errors. */
  record Toml(JsonNode node, String name) {
    Toml table(String key) {
      JsonNode n = node.get(key);
      if (n != null && !n.isObject()) {
        throw new IllegalArgumentException(key + " must be a table");
      }
      return new Toml(n == null ? JsonNodeFactory.instance.objectNode() : n, key);
    }

    void only(Set<String> keys) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!keys.contains(k)) {
          throw new IllegalArgumentException("unknown key '" + (name.isEmpty() ? k : name + "." + k) + "'");
        }
      }
    }

    Optional<String> string(String key) {
      JsonNode n = node.get(key);
      if (n == null) {
        return Optional.empty();
      }
      if (!n.isTextual()) {
        throw new IllegalArgumentException(name + "." + key + " must be a string");
      }
      return Optional.of(n.textValue());
    }

    Optional<Long> integer(String key) {
      JsonNode n = node.get(key);
      if (n == null) {
        return Optional.empty();
      }
      if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() <= 0) {
        throw new IllegalArgumentException(name + "." + key + " must be a positive integer");
      }
      return Optional.of(n.asLong());
    }

    Optional<Boolean> bool(String key) {
      JsonNode n = node.get(key);
      if (n == null) {
        return Optional.empty();
      }
      if (!n.isBoolean()) {
        throw new IllegalArgumentException(name + "." + key + " must be true or false");
      }
      return Optional.of(n.booleanValue());
    }

    List<String> strings(String key) {
      JsonNode n = node.get(key);
      if (n == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      if (!n.isArray()) {
        throw new IllegalArgumentException(name + "." + key + " must be an array of strings");
      }
      for (JsonNode e : n) {
        if (!e.isTextual()) {
          throw new IllegalArgumentException(name + "." + key + " must be an array of strings");
        }
        out.add(e.textValue());
      }
      return out;
    }
  }

  /** Trust files: PEM certificates become anchors, PEM public keys are trusted directly. */
  static final class TrustFiles {
    private TrustFiles() {}

    static void load(Path file, List<X509Certificate> certs, List<PublicKey> keys) {
      try {
        for (dev.claviger.kbs.internal.token.Pem.Block b
            : dev.claviger.kbs.internal.token.Pem.blocks(Files.readString(file))) {
          switch (b.label()) {
            case "CERTIFICATE" -> certs.add(dev.claviger.kbs.internal.token.Pem.certificate(b.der()));
            case "PUBLIC KEY" -> keys.add(dev.claviger.kbs.internal.token.Pem.publicKey(b.der()));
            default -> throw new IllegalArgumentException(file + ": unexpected PEM block " + b.label());
          }
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot load trust file " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
