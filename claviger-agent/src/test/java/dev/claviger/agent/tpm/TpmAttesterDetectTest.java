package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.PlatformPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against a temp directory laid out like a guest, and the TCTI string forms. */
class TpmAttesterDetectTest {
  @TempDir Path root;

  private PlatformPaths paths(Map<String, String> env) {
    return new PlatformPaths(root, env);
  }

  private Path device(String name) throws Exception {
    Files.createDirectories(root.resolve("dev"));
    return Files.createFile(root.resolve("dev").resolve(name));
  }

  private static TpmAttester tpm(Optional<Attester> a) {
    assertThat(a).containsInstanceOf(TpmAttester.class);
    return (TpmAttester) a.orElseThrow();
  }

  @Test
  void detect_noTpm_absent() throws Exception {
    assertThat(TpmAttester.detect(paths(Map.of()))).isEmpty();
  }

  @Test
  void detect_tpmrm0AndTpm0_prefersResourceManager() throws Exception {
    Path rm = device("tpmrm0");
    device("tpm0");

    TpmAttester a = tpm(TpmAttester.detect(paths(Map.of())));

    assertThat(a.tcti()).isEqualTo(new TpmTcti.Device(rm));
    assertThat(a.akHandle()).isEqualTo(0x81010002);
    assertThat(a.tee()).isEqualTo("tpm");
  }

  @Test
  void detect_onlyTpm2_found() throws Exception {
    Path dev = device("tpm2");

    assertThat(tpm(TpmAttester.detect(paths(Map.of()))).tcti())
        .isEqualTo(new TpmTcti.Device(dev));
  }

  @Test
  void detect_envDeviceUnderRoot_resolvedAndAkHandleFromEnv() throws Exception {
    Path dev = device("tpm5");

    TpmAttester a = tpm(TpmAttester.detect(paths(Map.of("AA_TPM_DEVICE", "/dev/tpm5",
        "AA_TPM_AK_HANDLE", "0x81000010"))));

    assertThat(a.tcti()).isEqualTo(new TpmTcti.Device(dev));
    assertThat(a.akHandle()).isEqualTo(0x81000010);
  }

  @Test
  void detect_envSwtpm_presentWithoutContactingIt() throws Exception {
    TpmAttester a = tpm(TpmAttester.detect(paths(Map.of("AA_TPM_DEVICE",
        "swtpm:host=127.0.0.1,port=2400", "AA_TPM_AK_HANDLE", "81010003"))));

    assertThat(a.tcti()).isEqualTo(new TpmTcti.Swtpm("127.0.0.1", 2400));
    assertThat(a.akHandle()).isEqualTo(0x81010003);
  }

  @Test
  void detect_envNamesMissingDevice_throwsInsteadOfFallingBack() throws Exception {
    device("tpm0");

    assertThatThrownBy(() -> TpmAttester.detect(paths(Map.of("AA_TPM_DEVICE", "/dev/tpm9"))))
        .isInstanceOf(AttesterException.class).hasMessageContaining("does not exist");
  }

  @Test
  void detect_malformedEnv_throws() {
    assertThatThrownBy(() -> TpmAttester.detect(paths(Map.of("AA_TPM_DEVICE", "tpm0"))))
        .isInstanceOf(AttesterException.class).hasMessageContaining("AA_TPM_DEVICE");
    for (String bad : new String[] {"0x", "zz", "0x810100020", "0x40000001", "-1"}) {
      assertThatThrownBy(() -> TpmAttester.detect(paths(Map.of("AA_TPM_AK_HANDLE", bad))))
          .as(bad).isInstanceOf(AttesterException.class)
          .hasMessageContaining("AA_TPM_AK_HANDLE");
    }
  }

  @Test
  void parse_tctiForms_asDocumented() {
    assertThat(TpmTcti.parse("/dev/tpmrm0")).isEqualTo(new TpmTcti.Device(Path.of("/dev/tpmrm0")));
    assertThat(TpmTcti.parse("device:/dev/tpm0"))
        .isEqualTo(new TpmTcti.Device(Path.of("/dev/tpm0")));
    assertThat(TpmTcti.parse("swtpm:")).isEqualTo(new TpmTcti.Swtpm("localhost", 2321));
    assertThat(TpmTcti.parse("swtpm:port=2400,host=::1"))
        .isEqualTo(new TpmTcti.Swtpm("::1", 2400));
    assertThat(TpmTcti.parse("swtpm:host=10.0.0.1,port=2321").toString())
        .isEqualTo("swtpm:host=10.0.0.1,port=2321");
  }

  @Test
  void parse_malformedTcti_rejected() {
    for (String bad : new String[] {"", "dev/tpm0", "swtpm:port=", "swtpm:port=70000",
        "swtpm:port=12a", "swtpm:host=", "swtpm:path=/x", "swtpm:host=a,,", "mssim:port=2321"}) {
      assertThatThrownBy(() -> TpmTcti.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void create_nonPersistentAkHandle_rejected() {
    assertThatThrownBy(() -> TpmAttester.create(new TpmTcti.Swtpm("localhost", 2321), 0x80000001))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
