package dev.claviger.cli.agentmain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.cli.AgentCommand;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Test;

class ServeArgsParserTest {
  private static Optional<AgentCommand.ServeArgs> parse(String... args) {
    return ServeArgsParser.parse(args);
  }

  @Test
  void parse_everyOptionBothForms_values() {
    AgentCommand.ServeArgs args = parse("serve", "--config", "/etc/aa.toml", "--kbs=http://kbs:8080", "--listen",
        "127.0.0.1:0", "--features=all", "--tee", "tpm", "--key-type", "ec-p521", "--initdata-toml=/run/init.toml")
        .orElseThrow();

    assertThat(args).isEqualTo(new AgentCommand.ServeArgs(Optional.of(Path.of("/etc/aa.toml")),
        Optional.of(URI.create("http://kbs:8080")), "127.0.0.1:0", "all", Optional.of("tpm"), Optional.of("ec-p521"),
        Optional.of(Path.of("/run/init.toml"))));
  }

  @Test
  void options_sameAsPicocliServe_namesAndDefaults() {
    CommandSpec serve = new CommandLine(new AgentCommand()).getSubcommands().get("serve").getCommandSpec();
    Set<String> picocli = serve.options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp())
        .map(OptionSpec::longestName)
        .collect(Collectors.toSet());

    assertThat(ServeArgsParser.OPTIONS).isEqualTo(picocli);
    assertThat(serve.findOption("--listen").defaultValue()).isEqualTo(ServeArgsParser.DEFAULT_LISTEN);
    assertThat(serve.findOption("--features").defaultValue()).isEqualTo(ServeArgsParser.DEFAULT_FEATURES);
  }

  @Test
  void parse_noOptions_picocliDefaults() {
    AgentCommand.ServeArgs args = parse("serve").orElseThrow();

    assertThat(args.listen()).isEqualTo("127.0.0.1:8006");
    assertThat(args.features()).isEqualTo("resource");
    assertThat(args.kbs()).isEmpty();
    assertThat(args.tee()).isEmpty();
  }

  @Test
  void parse_otherSubcommandsOrNone_leftToPicocli() {
    assertThat(parse()).isEmpty();
    assertThat(parse("get-resource", "--url", "http://k", "a/b/c")).isEmpty();
    assertThat(parse("--help")).isEmpty();
  }

  @Test
  void parse_anythingPicocliWouldJudge_leftToPicocli() {
    assertThat(parse("serve", "--help")).isEmpty();
    assertThat(parse("serve", "-h")).isEmpty();
    assertThat(parse("serve", "--unknown", "x")).isEmpty();
    assertThat(parse("serve", "--kbs")).isEmpty();
    assertThat(parse("serve", "--kbs", "http://a", "--kbs", "http://b")).isEmpty();
    assertThat(parse("serve", "--tee", "--kbs", "http://a")).isEmpty();
    assertThat(parse("serve", "positional")).isEmpty();
    assertThat(parse("serve", "@args.txt")).isEmpty();
    assertThat(parse("serve", "--", "--kbs", "http://a")).isEmpty();
    assertThat(parse("serve", "--kbs", "http://bad host/")).isEmpty();
    assertThat(parse("serve", "--config", "nul\0byte")).isEmpty();
  }

  @Test
  void parse_tooManyArguments_leftToPicocli() {
    String[] args = new String[ServeArgsParser.MAX_ARGS + 1];
    args[0] = "serve";
    for (int i = 1; i < args.length; i++) {
      args[i] = "--tee";
    }

    assertThat(ServeArgsParser.parse(args)).isEmpty();
  }
}
