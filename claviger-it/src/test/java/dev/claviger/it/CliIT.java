package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.cli.ExitCodes;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code claviger} command's exit-code contract, run in-process against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
  private static final String PATH = "cli/key/one";
  private static final byte[] SECRET = {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff, '\n'};
  @TempDir static Path dir;
  private ClavigerFixture kbs;

  @BeforeAll
  void start() throws Exception {
    kbs = ClavigerFixture.start(dir.resolve("kbs"));
    kbs.seed(PATH, SECRET);
  }

  @AfterAll
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
  }

  @Test
  void agentGetResource_attested_writesExactBytesToStdoutAndExitsZero() {
    for (String keyType : new String[] {"ec-p256", "ec-p521", "rsa-2048", "rsa-2048-rsa1_5"}) {
      ClavigerFixture.CliResult result = ClavigerFixture.cli(
          "agent", "get-resource", "--url", kbs.url().toString(), "--key-type", keyType, PATH);

      assertThat(result.exitCode()).as(keyType + ": " + result.stderr()).isEqualTo(ExitCodes.OK);
      assertThat(result.stdout()).isEqualTo(SECRET);
    }
  }

  @Test
  void agentAttest_printsEarToken() throws Exception {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "attest", "--url", kbs.url().toString());

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.OK);
    String[] parts = result.out().strip().split("\\.");
    assertThat(parts).hasSize(3);
    String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"submods\"").contains("\"ear.status\"");
  }

  @Test
  void agentGetResource_outFile_writesOwnerOnlyFile() throws Exception {
    Path out = dir.resolve("secret.bin");

    ClavigerFixture.CliResult result = ClavigerFixture.cli(
        "agent", "get-resource", "--url", kbs.url().toString(), "--out", out.toString(), PATH);

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readAllBytes(out)).isEqualTo(SECRET);
    assertThat(Files.getPosixFilePermissions(out))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void agentGetResource_unknownResource_exitsOneWithServerDetail() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli(
        "agent", "get-resource", "--url", kbs.url().toString(), "cli/key/absent");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.stderr()).contains("refused").contains("401");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void kbs_wrongAdminToken_exitsOne() throws Exception {
    Path forged = Files.writeString(dir.resolve("forged-token"), "eyJhbGciOiJFZERTQSJ9.eyJyb2xlIjoiYWRtaW4ifQ.AAAA");

    ClavigerFixture.CliResult result = ClavigerFixture.cli("kbs", "--url", kbs.url().toString(),
        "--admin-token", forged.toString(), "delete-resource", PATH);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.stderr()).contains("refused");
  }

  @Test
  void kbs_getUnknownReferenceValue_exitsOne() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("kbs", "--url", kbs.url().toString(),
        "--admin-token", kbs.adminToken().toString(), "get-reference-value", "no_such_value");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
  }

  @Test
  void agentGetResource_badUsage_exitsTwo() {
    assertThat(ClavigerFixture.cli("agent", "get-resource", PATH).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(), "not-a-path").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(),
        "--init-data", dir.resolve("absent.toml").toString(), PATH).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void agentGetResource_serverDown_exitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ClavigerFixture.CliResult result = ClavigerFixture.cli(
        "kbs", "--url", "http://127.0.0.1:" + port, "--admin-token", kbs.adminToken().toString(), "delete-resource", PATH);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void server_invalidConfig_exitsTwo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.toml"), "[no_such_section]\nx = 1\n", StandardCharsets.UTF_8);

    ClavigerFixture.CliResult result = ClavigerFixture.cli("server", "--data-dir", dir.resolve("d").toString(),
        "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("invalid configuration");
  }

  @Test
  void server_plainHttpOnNonLoopbackWithoutConfig_exitsTwo() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("server", "--data-dir", dir.resolve("d2").toString(),
        "--listen", "0.0.0.0:0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
