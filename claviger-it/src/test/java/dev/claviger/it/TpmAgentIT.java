package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.RetryPolicy;
import dev.claviger.agent.tpm.TpmAttester;
import dev.claviger.agent.tpm.TpmTcti;
import dev.claviger.core.SecretBytes;
import dev.claviger.evidence.tpm.Swtpm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's TPM attester on a real swtpm against the real {@code claviger server}: the server
 * trusts the AK (tpm_verifier.trusted_ak_keys), holds the TPM's current PCR values as reference
 * values, and appraises with a policy that requires every SHA-256 PCR to match them. The agent
 * gets the secret; after one PCR extend the same agent, handshaking afresh, is refused.
 * (The sample attester's end to end is EndToEndIT / PolicyChangeIT.)
 */
class TpmAgentIT {
  private static final ResourcePath PATH = ResourcePath.parse("default/key/tpm-disk");
  private static final byte[] SECRET = "released only to measured TPMs".getBytes(StandardCharsets.UTF_8);
  private static final String INIT_DATA = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n";

  /** Every PCR claim must be among the registered values; an untrusted AK never gets here. */
  static final String PCR_POLICY = """
      package policy
      import rego.v1

      default executables := 33
      default hardware := 97
      default configuration := 36

      pcr_names := [sprintf("pcr%02d", [i]) | some i in numbers.range(0, 23)]

      pcrs_approved if {
      \tinput.tpm
      \tevery name in pcr_names {
      \t\tinput.tpm[name] in query_reference_value(sprintf("tpm_%s", [name]))
      \t}
      }

      executables := 3 if pcrs_approved
      configuration := 2 if pcrs_approved
      hardware := 2 if input.tpm.ak_trust == "configured_key"

      trust_claims := {"executables": executables, "hardware": hardware, "configuration": configuration}
      """;

  @TempDir Path dir;
  private Swtpm swtpm;
  private ClavigerFixture kbs;

  @BeforeEach
  void start() throws Exception {
    swtpm = Swtpm.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (kbs != null) {
      kbs.close();
    }
    if (swtpm != null) {
      swtpm.close();
    }
  }

  private KbsClient client(TpmAttester attester) {
    return KbsClient.builder(kbs.url(), attester)
        .initData(InitData.toml(INIT_DATA))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)))
        .build();
  }

  @Test
  void getResource_tpmPcrsMatchReferenceValues_releasedUntilPcrExtended() throws Exception {
    TpmAttester attester = TpmAttester.create(TpmTcti.parse(swtpm.tcti()), TpmAttester.DEFAULT_AK_HANDLE);
    attester.bindInitData(MessageDigest.getInstance("SHA-256").digest(INIT_DATA.getBytes(StandardCharsets.UTF_8)));
    String ak = Base64.getEncoder().encodeToString(attester.akPublic());
    kbs = ClavigerFixture.start(dir.resolve("kbs"),
        "\n[attestation_service.verifier_config.tpm_verifier]\ntrusted_ak_keys = [\"" + ak + "\"]\n");
    registerPcrs(attester.pcrs());
    Path policy = Files.writeString(dir.resolve("tpm.rego"), PCR_POLICY);
    kbs.admin("set-attestation-policy", "--id", "default_cpu", "--file", policy.toString());
    kbs.setResourcePolicy(ClavigerFixture.AFFIRMING_POLICY);
    kbs.setResource(PATH.toString(), SECRET);

    try (SecretBytes secret = client(attester).getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }

    attester.extendRuntimeMeasurement(23,
        MessageDigest.getInstance("SHA-256").digest("unexpected image".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> client(attester).getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.REFUSED);
          assertThat(e.status()).hasValue(401);
        });
  }

  @Test
  void getResource_akNotTrustedByServer_refused() throws Exception {
    TpmAttester attester = TpmAttester.create(TpmTcti.parse(swtpm.tcti()), TpmAttester.DEFAULT_AK_HANDLE);
    attester.bindInitData(MessageDigest.getInstance("SHA-256").digest(INIT_DATA.getBytes(StandardCharsets.UTF_8)));
    kbs = ClavigerFixture.start(dir.resolve("kbs"));
    registerPcrs(attester.pcrs());
    Path policy = Files.writeString(dir.resolve("tpm.rego"), PCR_POLICY);
    kbs.admin("set-attestation-policy", "--id", "default_cpu", "--file", policy.toString());
    kbs.setResourcePolicy(ClavigerFixture.AFFIRMING_POLICY);
    kbs.setResource(PATH.toString(), SECRET);

    assertThatThrownBy(() -> client(attester).getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  private void registerPcrs(List<byte[]> pcrs) {
    for (int i = 0; i < pcrs.size(); i++) {
      kbs.admin("set-reference-value", String.format("tpm_pcr%02d", i),
          "--value", "[\"" + HexFormat.of().formatHex(pcrs.get(i)) + "\"]");
    }
  }
}
