package dev.claviger.kbs;

import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.token.TokenTrust;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * KBS settings. Build from TOML with {@link ServerConfig}; tests build it directly.
 *
 * @param sockets where to listen ({@code http_server.sockets})
 * @param tls PEM key and certificate for HTTPS; empty = plain HTTP ({@code insecure_http})
 * @param maxRequestBytes body limit ({@code http_server.payload_request_size}, default 2 MiB)
 * @param sessionTimeout RCAR session lifetime ({@code attestation_service.timeout}, default 5 min)
 * @param admin admin API access; {@link AdminPolicy#denyAll()} when not configured
 * @param tokenTrust who may sign the attestation tokens the KBS accepts
 * @param extraTeeKeyPaths JSON pointers tried before the default tee-pubkey locations
 */
public record KbsConfig(
    List<InetSocketAddress> sockets,
    Optional<Tls> tls,
    long maxRequestBytes,
    Duration sessionTimeout,
    AdminPolicy admin,
    TokenTrust tokenTrust,
    List<String> extraTeeKeyPaths) {

  public static final long DEFAULT_MAX_REQUEST_BYTES = 2L << 20;
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(5);

  /** HTTPS key material (PEM: PKCS#8 private key, certificate chain leaf first). */
  public record Tls(Path privateKey, Path certificate) {
    public Tls {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  public KbsConfig {
    sockets = List.copyOf(sockets);
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(tokenTrust, "tokenTrust");
    extraTeeKeyPaths = List.copyOf(extraTeeKeyPaths);
    if (sockets.isEmpty()) {
      throw new IllegalArgumentException("at least one socket is required");
    }
    if (maxRequestBytes <= 0 || maxRequestBytes > (1L << 30)) {
      throw new IllegalArgumentException("maxRequestBytes must be between 1 byte and 1 GiB");
    }
    if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
      throw new IllegalArgumentException("sessionTimeout must be positive");
    }
    for (String p : extraTeeKeyPaths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("extra_teekey_paths entries are JSON pointers starting with '/': " + p);
      }
    }
  }

  /** Plain HTTP on 127.0.0.1 with an ephemeral port, defaults elsewhere, admin denied. */
  public static KbsConfig localDefaults(TokenTrust trust) {
    return new KbsConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
        DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SESSION_TIMEOUT, AdminPolicy.denyAll(), trust, List.of());
  }

  public KbsConfig withAdmin(AdminPolicy a) {
    return new KbsConfig(sockets, tls, maxRequestBytes, sessionTimeout, a, tokenTrust, extraTeeKeyPaths);
  }

  public KbsConfig withMaxRequestBytes(long max) {
    return new KbsConfig(sockets, tls, max, sessionTimeout, admin, tokenTrust, extraTeeKeyPaths);
  }

  public KbsConfig withSessionTimeout(Duration t) {
    return new KbsConfig(sockets, tls, maxRequestBytes, t, admin, tokenTrust, extraTeeKeyPaths);
  }

  public KbsConfig withTokenTrust(TokenTrust t) {
    return new KbsConfig(sockets, tls, maxRequestBytes, sessionTimeout, admin, t, extraTeeKeyPaths);
  }
}
