package dev.claviger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code claviger agent} subcommands that need no KBS (the KBS flows are in claviger-it). */
class AgentCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path dir;

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void evidence_sampleText_upstreamSampleJson() {
    assertThat(run("agent", "evidence", "--tee", "sample", "--runtime-data", "hello")).as(stderr()).isEqualTo(ExitCodes.OK);
    assertThat(stdout().strip()).isEqualTo("{\"svn\":\"1\",\"report_data\":\"aGVsbG8=\"}");
  }

  @Test
  void evidence_base64RuntimeData_decodedBytesBound() {
    assertThat(run("agent", "evidence", "--tee", "sample", "--runtime-data-b64", "_-8")).as(stderr()).isEqualTo(ExitCodes.OK);
    assertThat(stdout().strip()).isEqualTo("{\"svn\":\"1\",\"report_data\":\"/+8=\"}");
  }

  @Test
  void evidence_bothRuntimeDataForms_usageError() {
    assertThat(run("agent", "evidence", "--runtime-data", "a", "--runtime-data-b64", "YQ")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void evidence_badBase64_usageError() {
    assertThat(run("agent", "evidence", "--tee", "sample", "--runtime-data-b64", "!!")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void evidence_unknownTee_usageError() {
    assertThat(run("agent", "evidence", "--tee", "quantum", "--runtime-data", "x")).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("quantum");
  }

  @Test
  void unseal_malformedSealedSecret_usageErrorWithoutContactingKbs() {
    assertThat(run("agent", "unseal", "--secret", "sealed.not-a-jws", "--kbs", "http://127.0.0.1:9")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void unseal_secretAndFile_usageError() throws Exception {
    Path file = Files.writeString(dir.resolve("s"), "sealed.x");

    assertThat(run("agent", "unseal", "--secret", "sealed.x", "--file", file.toString(), "--kbs", "http://127.0.0.1:9"))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void serve_badFeaturesOrListen_usageError() {
    assertThat(run("agent", "serve", "--kbs", "http://127.0.0.1:9", "--features", "everything")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("agent", "serve", "--kbs", "http://127.0.0.1:9", "--listen", "nonsense")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("agent", "serve", "--kbs", "http://127.0.0.1:9", "--listen", "127.0.0.1:70000")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void serve_invalidInitData_usageError() throws Exception {
    Path toml = Files.writeString(dir.resolve("init.toml"), "version = \"0.1.0\"\nalgorithm = \"md5\"\n[data]\n");

    assertThat(run("agent", "serve", "--kbs", "http://127.0.0.1:9", "--initdata-toml", toml.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("md5");
  }

  @Test
  void serve_configWithoutKbsTable_usageError() throws Exception {
    Path config = Files.writeString(dir.resolve("aa.toml"), "[log]\nlevel = \"info\"\n");

    assertThat(run("agent", "serve", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("token_configs.kbs");
  }

  @Test
  void getResource_badPath_usageError() {
    assertThat(run("agent", "get-resource", "--url", "http://127.0.0.1:9", "kbs:///only/two")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void agentMain_standaloneEntryPoint_runsSubcommands() {
    int code = AgentCommand.run(new String[] {"evidence", "--tee", "sample", "--runtime-data", "x"},
        new PrintStream(out, true), new PrintStream(err, true));

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(stdout()).contains("\"report_data\":\"eA==\"");
  }
}
