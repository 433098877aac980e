package dev.claviger.agent.cdh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.RetryPolicy;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.ScriptedKbs;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub over a real KBS client (RCAR + JWE) talking to the scripted KBS on 127.0.0.1:0. */
class KbsBackedHubTest {
  private static final byte[] SECRET = "vault secret".getBytes(StandardCharsets.UTF_8);
  private ScriptedKbs kbs;
  private ConfidentialDataHub hub;

  @BeforeEach
  void start() throws Exception {
    kbs = new ScriptedKbs();
    kbs.put("one/2/trois", SECRET);
    kbs.put("sealing/jwk/test-key", CdhTestVectors.TEST_KEY_PUBLIC.getBytes(StandardCharsets.UTF_8));
    kbs.put("default/key/1", CdhTestVectors.TEST_KEK);
    KbsClient client =
        KbsClient.builder(kbs.url(), new SampleAttester())
            .retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
            .sleeper(d -> {})
            .build();
    hub = ConfidentialDataHub.builder(ResourceSource.of(client)).build();
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  @Test
  void unsealSecret_kbsKidAndVault_fetchesBothThroughKbs() throws Exception {
    String sealed =
        SealedSecret.seal(
            SecretPayload.Vault.kbs("kbs:///one/2/trois"),
            CdhTestVectors.TEST_KEY_PRIVATE.getBytes(StandardCharsets.UTF_8),
            "kbs:///sealing/jwk/test-key");
    try (SecretBytes s = hub.unsealSecret(sealed)) {
      assertThat(s.contentEquals(SECRET)).isTrue();
    }
    assertThat(kbs.resourceCalls).hasValue(2);
  }

  @Test
  void unwrapKey_samplePacket_kekFromKbs() throws Exception {
    String request =
        "{\"op\":\"keyunwrap\",\"keyunwrapparams\":{\"dc\":null,\"annotation\":\""
            + Base64s.encodeStd(CdhTestVectors.SAMPLE_ANNOTATION.getBytes(StandardCharsets.UTF_8))
            + "\"}}";
    byte[] out = hub.unwrapKey(request.getBytes(StandardCharsets.UTF_8));
    String opts = Json.parse(out).get("keyunwrapresults").get("optsdata").textValue();
    assertThat(new String(Base64s.decodeStd(opts), StandardCharsets.UTF_8))
        .isEqualTo(CdhTestVectors.SAMPLE_OPTSDATA);
  }

  @Test
  void getResource_absentInKbs_resourceUnavailableWithKbsDetail() {
    assertThatThrownBy(() -> hub.getResource("kbs:///default/key/absent"))
        .isInstanceOfSatisfying(
            CdhException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(CdhException.Kind.RESOURCE_UNAVAILABLE);
              assertThat(e.getCause()).isInstanceOf(dev.claviger.agent.KbsClientException.class);
            })
        .hasMessageContaining("default/key/absent");
  }
}
