package dev.claviger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void help_listsEveryCommandAndExitCodes() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("server", "kbs", "agent", "policy", "verify")
        .contains("refused by the server");
  }

  @Test
  void noArguments_missingSubcommandIsUsageError() {
    assertThat(run()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: claviger");
  }

  @Test
  void policyEval_registeredAndRuns() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("policy");
    java.nio.file.Path rego = java.nio.file.Files.writeString(dir.resolve("p.rego"),
        "package policy\nimport rego.v1\nallow if input.x == 1\n");
    java.nio.file.Path input = java.nio.file.Files.writeString(dir.resolve("in.json"), "{\"x\":1}");

    int code = run("policy", "eval", "-d", rego.toString(), "-i", input.toString(), "data.policy.allow");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("true");
  }

  @Test
  void server_badListen_exitsUsage() {
    assertThat(run("server", "--listen", "nonsense")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("server", "--listen", "127.0.0.1:99999")).isEqualTo(ExitCodes.USAGE);
  }
}
