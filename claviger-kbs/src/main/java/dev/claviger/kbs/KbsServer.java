package dev.claviger.kbs;

import dev.claviger.attestation.AttestationService;
import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.internal.http.KbsHttp;
import dev.claviger.kms.Kms;
import dev.claviger.store.Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A running KBS HTTP server (RCAR 0.4.0, resources, admin API, metrics). Replicas that share the
 * store, the KMS master key and the session key are interchangeable: a client may call
 * {@code /auth} on one and {@code /attest} or {@code /resource} on another.
 *
 * <pre>{@code
 * try (KbsServer kbs = KbsServer.builder().config(cfg).store(store).kms(kms)
 *     .attestationService(as).sessionKey(key).start()) {
 *   int port = kbs.port();
 * }
 * }</pre>
 */
public final class KbsServer implements AutoCloseable {
  private final KbsHttp http;

  private KbsServer(KbsHttp http) {
    this.http = http;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port of the first socket (useful when configured with port 0). */
  public int port() {
    return http.ports().get(0);
  }

  /** Ports of every socket, in configuration order. */
  public List<Integer> ports() {
    return http.ports();
  }

  /** Stops listening and releases threads. Does not close the store, KMS or AS. */
  @Override
  public void close() {
    http.stop();
  }

  /** Collects the parts of a KBS. Not thread-safe; {@link #start()} consumes the session key. */
  public static final class Builder {
    private KbsConfig config;
    private Store store;
    private Kms kms;
    private AttestationService attestation;
    private List<byte[]> sessionKeys;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private PrometheusMeterRegistry registry;

    private Builder() {}

    public Builder config(KbsConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    public Builder store(Store s) {
      this.store = Objects.requireNonNull(s, "store");
      return this;
    }

    public Builder kms(Kms k) {
      this.kms = Objects.requireNonNull(k, "kms");
      return this;
    }

    /** The built-in AS. Without one, the KBS runs in passport mode (bearer tokens only). */
    public Builder attestationService(AttestationService as) {
      this.attestation = Objects.requireNonNull(as, "attestationService");
      return this;
    }

    /** The 32-byte key that seals session cookies; every replica must use the same one. */
    public Builder sessionKey(SecretBytes key) {
      return sessionKeys(List.of(key));
    }

    /** Session keys for rotation: the first seals, all open (see {@code docs/configuration.md}). */
    public Builder sessionKeys(List<SecretBytes> keys) {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("at least one session key is required");
      }
      List<byte[]> copies = new java.util.ArrayList<>();
      for (SecretBytes k : keys) {
        if (k.length() != 32) {
          throw new IllegalArgumentException("session keys must be 32 bytes");
        }
        copies.add(k.toByteArray());
      }
      this.sessionKeys = copies;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /** Metrics registry served at {@code /metrics}; default a fresh one. */
    public Builder meterRegistry(PrometheusMeterRegistry r) {
      this.registry = Objects.requireNonNull(r, "registry");
      return this;
    }

    /**
     * Binds the sockets and starts serving.
     *
     * @throws KbsStartException a socket cannot be bound or TLS material is unusable
     */
    public KbsServer start() throws KbsStartException {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(kms, "kms");
      Objects.requireNonNull(sessionKeys, "sessionKey");
      PrometheusMeterRegistry reg = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try {
        return new KbsServer(KbsHttp.start(config, store, kms, Optional.ofNullable(attestation),
            sessionKeys, clock, random, reg));
      } finally {
        sessionKeys.forEach(k -> java.util.Arrays.fill(k, (byte) 0));
        sessionKeys = null; // a builder starts one server; a second start must not use a zeroed key
      }
    }
  }
}
