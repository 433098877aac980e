package dev.claviger.kbs.internal.http;

import dev.claviger.attestation.AttestationService;
import dev.claviger.kbs.KbsConfig;
import dev.claviger.kbs.KbsStartException;
import dev.claviger.kbs.internal.admin.AdminAuthorizer;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.jwe.ResourceJwe;
import dev.claviger.kbs.internal.policy.ResourcePolicy;
import dev.claviger.kbs.internal.resource.ResourceVault;
import dev.claviger.kbs.internal.session.SessionCodec;
import dev.claviger.kbs.internal.token.JwksSource;
import dev.claviger.kbs.internal.token.TokenVerifier;
import dev.claviger.kms.Kms;
import dev.claviger.store.Store;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.claviger.store.StoreException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the KBS services into a Javalin app on Jetty with virtual threads. */
public final class KbsHttp {
  private static final Logger LOG = LoggerFactory.getLogger(KbsHttp.class);
  /** Large enough for a verbose multi-device EAR in a cookie or bearer header (upstream #1563). */
  private static final int MAX_HEADER_BYTES = 384 * 1024;

  private final Javalin app;
  private final ScheduledExecutorService janitor;

  private KbsHttp(Javalin app, ScheduledExecutorService janitor) {
    this.app = app;
    this.janitor = janitor;
  }

  public static KbsHttp start(KbsConfig config, Store store, Kms kms, Optional<AttestationService> as,
      List<byte[]> sessionKeys, Clock clock, SecureRandom random, PrometheusMeterRegistry registry)
      throws KbsStartException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    var trust = as.map(a -> config.tokenTrust().withKey(a.signingKey())).orElse(config.tokenTrust());
    TokenVerifier verifier = new TokenVerifier(trust, clock, http);
    ResourcePolicy policy = new ResourcePolicy(store.policies(), ResourcePolicy.builtinDefault());
    ResourceVault vault = new ResourceVault(store.resources(), kms, (int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()));
    SessionCodec codec = new SessionCodec(sessionKeys, random);
    KbsMetrics metrics = new KbsMetrics(registry);
    KbsRoutes routes = new KbsRoutes(
        new RcarService(as, store.nonces(), clock, config.sessionTimeout(), random),
        new ResourceService(verifier, policy, vault, new ResourceJwe(random), config.extraTeeKeyPaths()),
        vault,
        new AdminService(as, policy),
        new AdminAuthorizer(config.admin(), clock, new JwksSource(http)),
        codec, clock, config.maxRequestBytes(), metrics);
    Javalin app = create(config, routes, registry, metrics);
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      throw new KbsStartException("KBS cannot listen on " + config.sockets() + ": " + e.getMessage(), e);
    }
    LOG.info("KBS listening on {} (tls={})", config.sockets(), config.tls().isPresent());
    if (config.tls().isEmpty()) {
      for (InetSocketAddress a : config.sockets()) {
        if (a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
          LOG.warn("plain HTTP on non-loopback {}: session cookies and tokens travel in clear text", a);
        }
      }
    }
    return new KbsHttp(app, purgeNonces(store, clock));
  }

  private static Javalin create(KbsConfig config, KbsRoutes routes, PrometheusMeterRegistry registry,
      KbsMetrics metrics) throws KbsStartException {
    List<Connector> pending = new ArrayList<>();
    Optional<SslContextFactory.Server> ssl = sslContext(config);
    Javalin app = Javalin.create(c -> {
      c.useVirtualThreads = true;
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = config.maxRequestBytes();
      c.http.prefer405over404 = true;
      c.jetty.modifyHttpConfiguration(h -> {
        h.setRequestHeaderSize(MAX_HEADER_BYTES);
        // The session cookie carries the sealed EAR token; TPM evidence makes it exceed 8 KiB.
        h.setResponseHeaderSize(MAX_HEADER_BYTES);
        h.setSendServerVersion(false);
      });
      c.jetty.modifyServer(s -> s.setErrorHandler(new ErrorResponses.JettyErrors()));
      for (InetSocketAddress addr : config.sockets()) {
        c.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, addr, ssl));
      }
      c.requestLogger.http((ctx, ms) -> metrics.request(endpoint(ctx.path()), ctx.method().name(),
          ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000))));
    });
    for (HandlerType m : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE)) {
      app.addHttpHandler(m, "/kbs/v0/<rest>", routes::handle);
    }
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.get("/healthz", ctx -> ctx.status(200).result("OK"));
    for (String p : List.of("/metrics", "/healthz")) {
      for (HandlerType m : List.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE)) {
        app.addHttpHandler(m, p, ctx -> ErrorResponses.write(ctx, ErrorType.METHOD_NOT_ALLOWED, "Method not allowed"));
      }
    }
    app.exception(KbsException.class, (e, ctx) -> {
      if (e.type() == ErrorType.INTERNAL_ERROR) {
        LOG.error("KBS internal error on {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e.getCause());
      }
      ErrorResponses.write(ctx, e.type(), e.getMessage());
    });
    app.exception(HttpResponseException.class, (e, ctx) -> ErrorResponses.write(ctx,
        e.getStatus() == 413 ? ErrorType.PAYLOAD_TOO_LARGE : ErrorType.INVALID_REQUEST_PATH, e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      String ref = HexFormat.of().toHexDigits(System.nanoTime());
      LOG.error("unexpected KBS failure {} on {} {}", ref, ctx.method(), ctx.path(), e);
      ErrorResponses.write(ctx, ErrorType.INTERNAL_ERROR, "internal error (reference " + ref + ")");
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        ErrorResponses.write(ctx, ErrorType.INVALID_REQUEST_PATH, "Invalid request path");
      }
    });
    app.error(405, ctx -> ErrorResponses.write(ctx, ErrorType.METHOD_NOT_ALLOWED, "Method not allowed"));
    return app;
  }

  private static ServerConnector connector(Server server, HttpConfiguration httpConfig, InetSocketAddress addr,
      Optional<SslContextFactory.Server> ssl) {
    ServerConnector c;
    if (ssl.isPresent()) {
      HttpConfiguration https = new HttpConfiguration(httpConfig);
      https.addCustomizer(new SecureRequestCustomizer(false));
      c = new ServerConnector(server, new SslConnectionFactory(ssl.get(), "http/1.1"), new HttpConnectionFactory(https));
    } else {
      c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
    }
    c.setHost(addr.getHostString());
    c.setPort(addr.getPort());
    return c;
  }

  private static Optional<SslContextFactory.Server> sslContext(KbsConfig config) throws KbsStartException {
    if (config.tls().isEmpty()) {
      return Optional.empty();
    }
    try {
      char[] pw = new char[32];
      SecureRandom r = new SecureRandom();
      for (int i = 0; i < pw.length; i++) {
        pw[i] = (char) ('a' + r.nextInt(26));
      }
      KeyStore ks = TlsKeyStores.fromPem(config.tls().get().privateKey(), config.tls().get().certificate(), pw);
      SslContextFactory.Server f = new SslContextFactory.Server();
      f.setKeyStore(ks);
      f.setKeyStorePassword(new String(pw));
      f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      return Optional.of(f);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new KbsStartException("cannot load TLS key/certificate: " + e.getMessage(), e);
    }
  }

  /** Metrics tag: the endpoint, never the (attacker-chosen, high-cardinality) rest of the path. */
  private static String endpoint(String path) {
    if (path.startsWith(KbsRoutes.PREFIX)) {
      String rest = path.substring(KbsRoutes.PREFIX.length());
      int slash = rest.indexOf('/');
      String first = slash < 0 ? rest : rest.substring(0, slash);
      return switch (first) {
        case "auth", "attest", "resource", "resource-policy", "attestation-policy", "reference-value" -> first;
        default -> "other";
      };
    }
    return path.equals("/metrics") || path.equals("/healthz") ? path.substring(1) : "other";
  }

  public List<Integer> ports() {
    List<Integer> ports = new ArrayList<>();
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc) {
        ports.add(sc.getLocalPort());
      }
    }
    return ports;
  }

  public void stop() {
    janitor.shutdownNow();
    app.stop();
  }

  /** Expired nonces are dead weight only (consume checks expiry); purge them once a minute. */
  private static ScheduledExecutorService purgeNonces(Store store, Clock clock) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
        Thread.ofVirtual().name("kbs-nonce-purge").factory());
    s.scheduleWithFixedDelay(() -> {
      try {
        store.nonces().purgeExpired(clock.instant());
      } catch (StoreException | RuntimeException e) {
        LOG.warn("purging expired nonces failed: {}", e.getMessage());
      }
    }, 60, 60, TimeUnit.SECONDS);
    return s;
  }
}
