package dev.claviger.kbs;

import dev.claviger.attestation.AttestationConfig;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationService;
import dev.claviger.attestation.AttestationServices;
import dev.claviger.attestation.SignerConfig;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.config.DataDirKeys;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.policy.ResourcePolicy;
import dev.claviger.kms.KmsException;
import dev.claviger.kms.LocalKms;
import dev.claviger.store.Store;
import dev.claviger.store.StoreConfig;
import dev.claviger.store.StoreException;
import dev.claviger.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The all-in-one trust server: store, KMS, Attestation Service and KBS in one process, from one
 * {@link ServerConfig} and a data directory. With no {@code [admin]} section, the first start
 * writes an admin token to {@code <data-dir>/admin-token} (mode 0600).
 */
public final class ClavigerServer implements AutoCloseable {
  private final Store store;
  private final KbsServer kbs;
  private final Path dataDir;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private ClavigerServer(Store store, KbsServer kbs, Path dataDir) {
    this.store = store;
    this.kbs = kbs;
    this.dataDir = dataDir;
  }

  /** Starts with the system clock. */
  public static ClavigerServer start(ServerConfig config, Path dataDir) throws KbsStartException {
    return start(config, dataDir, Clock.systemUTC());
  }

  public static ClavigerServer start(ServerConfig config, Path dataDir, Clock clock) throws KbsStartException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    CryptoProviders.install();
    SecureRandom random = new SecureRandom();
    Store store = null;
    try {
      Files.createDirectories(dataDir);
      store = Stores.open(storeConfig(config.storage(), dataDir));
      LocalKms kms = LocalKms.open(config.masterKeyFile().orElse(dataDir.resolve("master.key")), clock);
      AttestationService as = AttestationServices.create(attestationConfig(config, dataDir), store, clock);
      KbsConfig kbsConfig = config.kbs();
      if (!config.adminConfigured()) {
        AdminPolicy admin = DataDirKeys.bootstrapAdmin(dataDir, config.adminTokenValidity(), clock);
        kbsConfig = kbsConfig.withAdmin(admin);
      }
      if (config.resourcePolicyPath().isPresent()) {
        new ResourcePolicy(store.policies(), ResourcePolicy.builtinDefault())
            .set(Files.readString(config.resourcePolicyPath().get()));
      }
      List<SecretBytes> sessionKeys = DataDirKeys.sessionKeys(
          config.sessionKeyFile().orElse(dataDir.resolve(DataDirKeys.SESSION_KEY)), random);
      try {
        KbsServer kbs = KbsServer.builder().config(kbsConfig).store(store).kms(kms).attestationService(as)
            .sessionKeys(sessionKeys).clock(clock).random(random).start();
        return new ClavigerServer(store, kbs, dataDir);
      } finally {
        sessionKeys.forEach(SecretBytes::close);
      }
    } catch (IOException | GeneralSecurityException | StoreException | KmsException | KbsException e) {
      if (store != null) {
        store.close();
      }
      throw new KbsStartException("server cannot start: " + e.getMessage(), e);
    } catch (KbsStartException | RuntimeException e) {
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  private static StoreConfig storeConfig(ServerConfig.Storage storage, Path dataDir) throws IOException {
    return switch (storage) {
      case ServerConfig.Sqlite s -> StoreConfig.sqlite(s.path().orElse(dataDir.resolve("claviger.db")));
      case ServerConfig.Postgres p -> {
        char[] pw = p.passwordFile().isPresent()
            ? Files.readString(p.passwordFile().get()).strip().toCharArray() : new char[0];
        try {
          yield StoreConfig.postgres(p.url(), p.user(), pw, p.poolSize());
        } finally {
          java.util.Arrays.fill(pw, '\0');
        }
      }
    };
  }

  /** Without a configured signer, a persistent key in the data dir: tokens survive restarts and replicas agree. */
  private static AttestationConfig attestationConfig(ServerConfig config, Path dataDir)
      throws AttestationException, IOException, GeneralSecurityException {
    AttestationConfig c = AttestationConfig.fromJson(config.attestationService());
    if (c.tokenBroker().signer().isEmpty()) {
      Path key = DataDirKeys.asSigningKey(dataDir.resolve(DataDirKeys.AS_SIGNING_KEY));
      c = c.withTokenBroker(c.tokenBroker().withSigner(SignerConfig.key(key)));
    }
    return c;
  }

  public int port() {
    return kbs.port();
  }

  public List<Integer> ports() {
    return kbs.ports();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where the bootstrap admin token is (present only when {@code [admin]} is not configured). */
  public Path adminTokenFile() {
    return dataDir.resolve(DataDirKeys.ADMIN_TOKEN);
  }

  /** Stops the KBS and closes the store. Idempotent (safe from a shutdown hook too). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      kbs.close();
    } finally {
      store.close();
    }
  }
}
