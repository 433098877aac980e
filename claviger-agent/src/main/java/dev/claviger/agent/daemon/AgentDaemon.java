package dev.claviger.agent.daemon;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.TrustAnchors;
import dev.claviger.agent.api.AgentApiException;
import dev.claviger.agent.api.AgentApiServer;
import dev.claviger.agent.api.Feature;
import dev.claviger.agent.api.ResourceProvider;
import dev.claviger.agent.attester.Attesters;
import dev.claviger.agent.attester.InitDataBinding;
import dev.claviger.agent.attester.InitDataBindingException;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.agent.cdh.ResourceSource;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest agent as one process: attester, KBS client (background-check cookie mode, as
 * upstream's RCAR client), confidential data hub and the local REST API. Startup order is
 * upstream AA's: choose the attester, bind init-data (a mismatch stops the agent), then serve.
 * Nothing talks to the KBS until the first request.
 */
public final class AgentDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentDaemon.class);
  /** Reported by {@code /info}. */
  public static final String VERSION = "claviger-agent/0.1.0";

  /** What {@code claviger agent serve} configures. */
  public record Options(KbsConfig kbs, InetSocketAddress listen, Feature features, Optional<String> tee,
      Optional<InitData> initData, PlatformPaths platform) {
    public Options {
      Objects.requireNonNull(kbs, "kbs");
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(tee, "tee");
      Objects.requireNonNull(initData, "initData");
      Objects.requireNonNull(platform, "platform");
    }
  }

  private final Attester attester;
  private final KbsClient kbs;
  private final ConfidentialDataHub cdh;
  private final AgentApiServer server;

  private AgentDaemon(Attester attester, KbsClient kbs, ConfidentialDataHub cdh, AgentApiServer server) {
    this.attester = attester;
    this.kbs = kbs;
    this.cdh = cdh;
    this.server = server;
  }

  /** Wires everything and starts the REST API. */
  public static AgentDaemon start(Options options) throws AgentConfigException, IOException {
    // AWS-LC when present: every resource fetch is an ECDH/RSA unwrap, and the small-footprint
    // JVM flags leave the JDK's Java EC code to C1 or the interpreter.
    CryptoProviders.install();
    Attester attester = attester(options);
    if (options.initData().isPresent()) {
      bindInitData(attester, options.initData().get());
    }
    KbsClient kbs = kbsClient(options, attester);
    ConfidentialDataHub cdh = ConfidentialDataHub.builder(ResourceSource.of(kbs)).build();
    AgentApiServer server = AgentApiServer.start(options.listen(), options.features(), VERSION,
        new LocalAttestationAgent(attester, kbs), resources(cdh));
    LOG.info("agent started: tee={}, kbs={}, key={}", attester.tee(), options.kbs().url(), options.kbs().keySpec().cliName());
    return new AgentDaemon(attester, kbs, cdh, server);
  }

  static Attester attester(Options options) throws AgentConfigException {
    try {
      return options.tee().isPresent()
          ? Attesters.byName(options.tee().get(), options.platform())
          : Attesters.detect(options.platform());
    } catch (AttesterException e) {
      throw new AgentConfigException("no attester: " + e.getMessage(), e);
    }
  }

  /** Upstream AA refuses to start on a mismatch and carries on where binding is unsupported. */
  static void bindInitData(Attester attester, InitData initData) throws AgentConfigException {
    byte[] digest;
    try {
      digest = initData.digest();
    } catch (MalformedInputException e) {
      throw new AgentConfigException("init-data: " + e.getMessage(), e);
    }
    try {
      InitDataBinding.check(attester, digest);
      LOG.info("init-data digest is bound to the {} platform", attester.tee());
    } catch (InitDataBindingException e) {
      if (e.reason() != InitDataBindingException.Reason.UNSUPPORTED) {
        throw new AgentConfigException("init-data binding failed: " + e.getMessage(), e);
      }
      LOG.info("the {} platform cannot bind init-data; it is still sent to the KBS", attester.tee());
    }
  }

  private static KbsClient kbsClient(Options options, Attester attester) throws AgentConfigException {
    KbsClient.Builder builder = KbsClient.builder(options.kbs().url(), attester)
        .mode(KbsClient.Mode.COOKIE)
        .keySpec(options.kbs().keySpec());
    options.initData().ifPresent(builder::initData);
    if (options.kbs().certPem().isPresent()) {
      builder.trustAnchors(anchors(options.kbs().certPem().get()));
    } else if ("http".equalsIgnoreCase(options.kbs().url().getScheme())) {
      // Keeps JSSE out of the long-lived daemon; see PlainHttpClients.
      builder.httpClient(dev.claviger.agent.daemon.internal.PlainHttpClients.create());
    }
    return builder.build();
  }

  static TrustAnchors anchors(String pem) throws AgentConfigException {
    try {
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        certs.add((X509Certificate) c);
      }
      if (certs.isEmpty()) {
        throw new AgentConfigException("token_configs.kbs.cert holds no certificate");
      }
      return TrustAnchors.of(certs);
    } catch (GeneralSecurityException e) {
      throw new AgentConfigException("token_configs.kbs.cert is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static ResourceProvider resources(ConfidentialDataHub cdh) {
    return uri -> {
      try {
        return cdh.getResource(uri);
      } catch (CdhException e) {
        throw new AgentApiException(e.getMessage(), e);
      }
    };
  }

  public Attester attester() {
    return attester;
  }

  public KbsClient kbsClient() {
    return kbs;
  }

  public ConfidentialDataHub confidentialDataHub() {
    return cdh;
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "AgentDaemon[" + attester.tee() + ", " + kbs + ", " + server + "]";
  }
}
