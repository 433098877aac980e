package dev.claviger.kbs.testing;

import dev.claviger.attestation.AttestationService;
import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.KbsConfig;
import dev.claviger.kbs.KbsServer;
import dev.claviger.kbs.internal.token.TokenTrust;
import dev.claviger.kms.LocalKms;
import dev.claviger.store.Store;
import dev.claviger.store.StoreConfig;
import dev.claviger.store.Stores;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Store, KMS and session key in a temp dir, plus any number of KBS replicas sharing them. */
public final class KbsFixture implements AutoCloseable {
  public final MutableClock clock = new MutableClock(Instant.now());
  public final Store store;
  public final LocalKms kms;
  private final byte[] sessionKey = new byte[32];
  private final List<KbsServer> servers = new ArrayList<>();

  public KbsFixture(Path dir) throws Exception {
    store = Stores.open(StoreConfig.sqlite(dir.resolve("kbs.db")));
    kms = LocalKms.open(dir.resolve("master.key"), clock);
    new SecureRandom().nextBytes(sessionKey);
  }

  public static KbsConfig config(TokenTrust trust) {
    return KbsConfig.localDefaults(trust);
  }

  public static TokenTrust trustNothing() {
    return new TokenTrust(List.of(), List.of(), List.of(), false);
  }

  /** Starts a replica; {@code as} may be null for a passport-mode KBS. */
  public URI start(KbsConfig config, AttestationService as) throws Exception {
    KbsServer.Builder b = KbsServer.builder().config(config).store(store).kms(kms)
        .sessionKey(SecretBytes.copyOf(sessionKey)).clock(clock);
    if (as != null) {
      b.attestationService(as);
    }
    KbsServer s = b.start();
    servers.add(s);
    return URI.create("http://127.0.0.1:" + s.port());
  }

  @Override
  public void close() {
    servers.forEach(KbsServer::close);
    store.close();
  }
}
