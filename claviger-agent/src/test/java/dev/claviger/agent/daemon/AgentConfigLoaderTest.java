package dev.claviger.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.attester.PlatformPaths;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigLoaderTest {
  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  @TempDir Path root;

  private AgentConfigLoader loader(Map<String, String> env) {
    return new AgentConfigLoader(new PlatformPaths(root, env));
  }

  private Path write(String name, String text) throws Exception {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void fromFile_upstreamToml_urlCertAndKey() throws Exception {
    Path file = write("aa.conf", "[token_configs]\n[token_configs.coco_as]\nurl = \"http://as:8000\"\n"
        + "[token_configs.kbs]\nurl = \"https://kbs.example:8080\"\ntee_key_algorithm = \"ECDH-ES+A256KW-P521\"\n"
        + "cert = '''\n" + PEM + "'''\n[eventlog_config]\ninit_pcr = 17\nenable_eventlog = false\n[log]\nlevel = \"info\"\n");

    KbsConfig config = loader(Map.of()).fromFile(file);

    assertThat(config.url()).isEqualTo(URI.create("https://kbs.example:8080"));
    assertThat(config.keySpec()).isEqualTo(TeeKeySpec.EC_P521);
    assertThat(config.certPem()).hasValueSatisfying(c -> assertThat(c).contains("BEGIN CERTIFICATE"));
  }

  @Test
  void fromFile_json_defaultKeyP256() throws Exception {
    Path file = write("aa.json", " {\"token_configs\":{\"kbs\":{\"url\":\"http://127.0.0.1:8080\"}}}");

    KbsConfig config = loader(Map.of()).fromFile(file);

    assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(config.keySpec()).isEqualTo(TeeKeySpec.EC_P256);
    assertThat(config.certPem()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"ECDH-ES+A256KW-P256,EC_P256", "RSA-OAEP-256,RSA_2048", "RSA1_5,RSA_2048_PKCS1", "rsa-2048,RSA_2048"})
  void keySpec_upstreamAndCliNames_map(String name, TeeKeySpec expected) throws Exception {
    assertThat(AgentConfigLoader.keySpec(name, "test")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[token_configs]\n",
      "[token_configs.kbs]\ncert = \"x\"\n",
      "[token_configs.kbs]\nurl = \"ftp://kbs\"\n",
      "[token_configs.kbs]\nurl = \"not a uri\"\n",
      "[token_configs.kbs]\nurl = 5\n",
      "[token_configs.kbs]\nurl = \"http://kbs\"\ncert = \"/etc/kbs.pem\"\n",
      "[token_configs.kbs]\nurl = \"http://kbs\"\ntee_key_algorithm = \"ML-KEM-768+A192KW\"\n",
      "this is = = not toml",
      "{\"token_configs\": "})
  void fromFile_invalid_throwsConfigError(String text) throws Exception {
    Path file = write("bad.conf", text);

    assertThatThrownBy(() -> loader(Map.of()).fromFile(file)).isInstanceOf(AgentConfigException.class);
  }

  @Test
  void fromFile_overLimit_throws() throws Exception {
    Path file = root.resolve("huge.conf");
    Files.write(file, new byte[AgentConfigLoader.MAX_CONFIG_BYTES + 1]);

    assertThatThrownBy(() -> loader(Map.of()).fromFile(file))
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("larger than");
  }

  @Test
  void fromKbcParams_env_wins() throws Exception {
    write("proc/cmdline", "quiet agent.aa_kbc_params=cc_kbc::http://cmdline:8080\n");

    KbsConfig config = loader(Map.of("AA_KBC_PARAMS", "cc_kbc::http://env:8080")).load(Optional.empty());

    assertThat(config.url()).isEqualTo(URI.create("http://env:8080"));
  }

  @Test
  void fromKbcParams_kernelCmdline_usedWithoutEnv() throws Exception {
    write("proc/cmdline", "console=hvc0 quiet agent.aa_kbc_params=cc_kbc::http://10.0.0.2:8080 agent.log=debug\n");

    assertThat(loader(Map.of()).load(Optional.empty()).url()).isEqualTo(URI.create("http://10.0.0.2:8080"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"offline_fs_kbc::null", "cc_kbc:http://kbs", "cc_kbc::http://a::b", "cc_kbc::kbs:8080"})
  void fromKbcParams_wrongKbcOrFormat_throws(String params) {
    assertThatThrownBy(() -> loader(Map.of("AA_KBC_PARAMS", params)).fromKbcParams())
        .isInstanceOf(AgentConfigException.class);
  }

  @Test
  void fromKbcParams_nothingConfigured_throwsSayingHow() throws Exception {
    write("proc/cmdline", "quiet\n");

    assertThatThrownBy(() -> loader(Map.of()).fromKbcParams())
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("agent.aa_kbc_params");
  }

  @Test
  void fromKbcParams_noProcCmdline_throwsNotConfigured() {
    assertThatThrownBy(() -> loader(Map.of()).fromKbcParams())
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("no KBS configured");
  }
}
