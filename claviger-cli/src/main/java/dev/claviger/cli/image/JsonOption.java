package dev.claviger.cli.image;

import picocli.CommandLine.Option;

/** {@code --json} of commands whose output is a result (inspect prints a summary instead). */
final class JsonOption {
  @Option(names = "--json", description = "print the result as JSON") boolean json;
}
