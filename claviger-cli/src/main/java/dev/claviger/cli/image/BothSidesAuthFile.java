package dev.claviger.cli.image;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --authfile} as encrypt and decrypt document it (copy words it differently). */
final class BothSidesAuthFile {
  @Option(names = "--authfile", paramLabel = "FILE", description = "auth.json for both registries")
  Path file;
}
