package dev.claviger.cli.agentmain;

import dev.claviger.cli.AgentCommand;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses {@code serve [OPTIONS]} for {@link AgentMain} without picocli. It accepts only what
 * picocli would accept with the same meaning ({@code --opt value} or {@code --opt=value}, each
 * option at most once, no positional arguments); anything else — help, unknown or repeated
 * options, a missing value, a value that looks like an option, {@code @file} arguments, {@code --}
 * — returns empty so that picocli handles (and reports) it.
 */
final class ServeArgsParser {
  /** The {@code serve} options of {@link AgentCommand}; keep in step with its {@code Serve} class. */
  static final Set<String> OPTIONS = Set.of("--config", "--kbs", "--listen", "--features", "--tee", "--key-type",
      "--initdata-toml");
  static final String DEFAULT_LISTEN = "127.0.0.1:8006";
  static final String DEFAULT_FEATURES = "resource";
  /** Far more than a real command line; longer ones go to picocli. */
  static final int MAX_ARGS = 64;

  private ServeArgsParser() {}

  static Optional<AgentCommand.ServeArgs> parse(String[] args) {
    if (args.length == 0 || args.length > MAX_ARGS || !args[0].equals("serve")) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (!OPTIONS.contains(name) || values.containsKey(name)) {
        return Optional.empty();
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return Optional.empty();
      }
      if (value.startsWith("-") || value.startsWith("@")) {
        return Optional.empty();
      }
      values.put(name, value);
    }
    try {
      return Optional.of(new AgentCommand.ServeArgs(
          Optional.ofNullable(values.get("--config")).map(Path::of),
          Optional.ofNullable(values.get("--kbs")).map(ServeArgsParser::uri),
          values.getOrDefault("--listen", DEFAULT_LISTEN),
          values.getOrDefault("--features", DEFAULT_FEATURES),
          Optional.ofNullable(values.get("--tee")),
          Optional.ofNullable(values.get("--key-type")),
          Optional.ofNullable(values.get("--initdata-toml")).map(Path::of)));
    } catch (IllegalArgumentException e) {
      // Path.of throws InvalidPathException, an IllegalArgumentException.
      return Optional.empty();
    }
  }

  /** As picocli's URI converter ({@code new URI(text)}); a bad URI is left to picocli to report. */
  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
