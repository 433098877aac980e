package dev.claviger.agent.daemon.internal;

import java.net.http.HttpClient;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The daemon's HTTP client for a plain-HTTP KBS. The JDK client insists on an {@link SSLContext}
 * even when no request uses TLS; any real one (even the trust-nothing context {@code KbsClient}
 * builds) loads JSSE — about 200 classes of {@code sun.security.ssl}, X.509 and PKCS#12 that stay in
 * the long-lived daemon's CDS mapping and heap. This context has no TLS at all: every attempt to
 * create an engine or a socket fails, so it fails closed if a request ever tried TLS (it cannot:
 * redirects are not followed). Same protocol version, connect timeout and redirect policy as
 * {@code KbsClient}'s own client.
 */
public final class PlainHttpClients {
  /** {@code KbsClient}'s connect timeout. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private PlainHttpClients() {}

  public static HttpClient create() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(new NoTlsContext())
        .sslParameters(new SSLParameters())
        // The default is a cached pool of platform threads, each with its own stack and malloc
        // arena, idling for 60 s after a burst; virtual threads share the API server's carriers.
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  /** An {@link SSLContext} that refuses every use. */
  static final class NoTlsContext extends SSLContext {
    private static final Provider PROVIDER = new Provider("ClavigerNoTls", "1", "no TLS: plain-HTTP KBS only") {
      private static final long serialVersionUID = 1L;
    };

    NoTlsContext() {
      super(new NoTlsSpi(), PROVIDER, "none");
    }
  }

  static final class NoTlsSpi extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("TLS is disabled: the agent was configured with a plain-HTTP KBS");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters();
    }
  }
}
