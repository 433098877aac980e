package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitDataTest {
  // Upstream's initdata example layout; the odd spacing is kept to prove nothing is re-formatted.
  private static final String TOML = "version = \"0.1.0\"\nalgorithm   = \"sha384\"\n\n[data]\n"
      + "\"aa.toml\" = '''\n[token_configs]\n[token_configs.kbs]\nurl = \"http://kbs:8080\"\n'''\n"
      + "\"policy.rego\" = \"package agent_policy\"\n";

  @Test
  void parse_upstreamLayout_documentAndRawDigest() throws Exception {
    byte[] raw = TOML.getBytes(StandardCharsets.UTF_8);

    InitData initData = InitData.parse(raw);

    assertThat(initData.body()).isEqualTo(TOML);
    InitData.Document doc = initData.document();
    assertThat(doc.version()).isEqualTo("0.1.0");
    assertThat(doc.algorithm()).isEqualTo(HashAlgorithm.SHA384);
    assertThat(doc.data()).containsOnlyKeys("aa.toml", "policy.rego");
    assertThat(doc.data().get("policy.rego")).isEqualTo("package agent_policy");
    assertThat(initData.digest()).isEqualTo(MessageDigest.getInstance("SHA-384").digest(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "sha512"})
  void digest_otherAlgorithms_hashRawBytes(String alg) throws Exception {
    String toml = "algorithm = \"" + alg + "\"\nversion = \"0.1.0\"\n[data]\n";
    byte[] raw = toml.getBytes(StandardCharsets.UTF_8);

    byte[] digest = InitData.parse(raw).digest();

    String jca = alg.equals("sha256") ? "SHA-256" : "SHA-512";
    assertThat(digest).isEqualTo(MessageDigest.getInstance(jca).digest(raw));
  }

  @Test
  void digest_nonAsciiBody_hashesFileBytes() throws Exception {
    byte[] raw = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\nnote = \"schlüssel\"\n".getBytes(StandardCharsets.UTF_8);

    assertThat(InitData.parse(raw).digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not toml at all = = =",
      "algorithm = \"sha384\"\n[data]\n",
      "version = \"0.1.0\"\n[data]\n",
      "version = \"0.1.0\"\nalgorithm = \"sm3\"\n[data]\n",
      "version = \"0.1.0\"\nalgorithm = \"SHA384\"\n[data]\n",
      "version = 1\nalgorithm = \"sha384\"\n[data]\n",
      "version = \"0.1.0\"\nalgorithm = \"sha384\"\n",
      "version = \"0.1.0\"\nalgorithm = \"sha384\"\ndata = \"x\"\n",
      "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\nn = 5\n",
      "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data.nested]\nx = \"y\"\n"})
  void parse_invalidDocument_throws(String toml) {
    assertThatThrownBy(() -> InitData.parse(toml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_invalidUtf8_throws() {
    byte[] raw = "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\nx = \"\u00ff\"\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> InitData.parse(raw))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void read_fileOverLimit_throwsWithoutParsing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.toml");
    Files.write(file, new byte[InitData.MAX_BODY_CHARS + 1]);

    assertThatThrownBy(() -> InitData.read(file))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("larger than");
  }

  @Test
  void read_validFile_keepsBytesVerbatim(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("initdata.toml");
    Files.writeString(file, TOML);

    assertThat(InitData.read(file).body()).isEqualTo(TOML);
  }

  @Test
  void toString_doesNotPrintBody() throws Exception {
    assertThat(InitData.parse(TOML.getBytes(StandardCharsets.UTF_8)).toString())
        .doesNotContain("kbs:8080").contains("chars");
  }
}
