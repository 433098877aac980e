package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent's KBS client against the real all-in-one server, background-check (cookie) mode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
  private static final ResourcePath PATH = ResourcePath.parse("default/key/disk");
  private static final byte[] SECRET = "a 32-byte disk encryption key!!!".getBytes(StandardCharsets.UTF_8);
  @TempDir static Path dir;
  private ClavigerFixture kbs;

  @BeforeAll
  void start() throws Exception {
    kbs = ClavigerFixture.start(dir.resolve("kbs"));
    kbs.seed(PATH.toString(), SECRET);
  }

  @AfterAll
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void getResource_sampleTeeEachKeyType_returnsSecret(TeeKeySpec spec) throws Exception {
    KbsClient client = kbs.client().keySpec(spec).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void getResource_sessionReused_secondFetchNeedsNoNewHandshake() throws Exception {
    KbsClient client = kbs.client().build();

    try (SecretBytes first = client.getResource(PATH); SecretBytes second = client.getResource(PATH)) {
      assertThat(first).isEqualTo(second);
    }
  }

  @Test
  void getResource_bearerModeSameServer_returnsSecret() throws Exception {
    KbsClient client = kbs.client().mode(KbsClient.Mode.BEARER).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void getResource_withInitData_returnsSecret() throws Exception {
    String toml = "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n\"aa.toml\" = \"\"\"\n[token_configs]\n\"\"\"\n";
    KbsClient client = kbs.client().initData(InitData.toml(toml)).build();

    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }
  }

  @Test
  void token_isEarWithExpiry() throws Exception {
    var token = kbs.client().build().attest();

    assertThat(token.jwt().split("\\.")).hasSize(3);
    assertThat(token.expiresAt()).isPresent();
  }

  @Test
  void getResource_unknownResource_refusedWithServerError() throws Exception {
    KbsClient client = kbs.client().build();

    assertThatThrownBy(() -> client.getResource(ResourcePath.parse("default/key/absent")))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.REFUSED);
          assertThat(e.status()).hasValue(401);
          assertThat(e.errorType()).hasValueSatisfying(
              t -> assertThat(t).startsWith("https://github.com/confidential-containers/kbs/errors/"));
        });
  }
}
