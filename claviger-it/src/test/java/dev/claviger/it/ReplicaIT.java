package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.ResourcePath;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two KBS replicas on one PostgreSQL database, sharing only configuration and key files, behind a
 * load balancer without affinity: every handshake step may land on either replica.
 */
class ReplicaIT {
  private static final ResourcePath PATH = ResourcePath.parse("replica/key/one");
  private static final byte[] SECRET = "served by whichever replica".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;
  private PostgresCluster pg;
  private ClavigerFixture a;
  private ClavigerFixture b;

  @BeforeEach
  void start() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    pg = PostgresCluster.startOrSkip(secrets);
    // Same data dir = same session key, KMS master key, AS signing key and admin key.
    Path shared = dir.resolve("shared");
    a = ClavigerFixture.start(shared, pg.storageToml());
    b = ClavigerFixture.start(shared, pg.storageToml());
  }

  @AfterEach
  void stop() throws Exception {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void getResource_alternatingReplicas_handshakeAndReleaseSucceed() throws Exception {
    a.seed(PATH.toString(), SECRET);  // written through A, read through B: one store
    try (RoundRobinProxy proxy = new RoundRobinProxy(List.of(a.url(), b.url()))) {
      for (int i = 0; i < 3; i++) {
        KbsClient client = KbsClient.builder(proxy.url(), new dev.claviger.agent.SampleAttester()).build();

        try (SecretBytes secret = client.getResource(PATH)) {
          assertThat(secret.contentEquals(SECRET)).isTrue();
        }
      }
      assertThat(proxy.served.get(0)).isGreaterThan(0);
      assertThat(proxy.served.get(1)).isGreaterThan(0);
    }
  }

  @Test
  void getResource_tokenFromOneReplica_acceptedByTheOther() throws Exception {
    b.seed(PATH.toString(), SECRET);
    KbsClient client = b.client().issuer(a.url()).mode(KbsClient.Mode.BEARER).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void setResourcePolicy_onOneReplica_appliesOnTheOther() throws Exception {
    a.seed(PATH.toString(), SECRET);
    b.setResourcePolicy(ClavigerFixture.DENY_ALL_POLICY);

    KbsClient client = a.client().build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getResource(PATH))
        .isInstanceOf(dev.claviger.agent.KbsClientException.class);
  }
}
