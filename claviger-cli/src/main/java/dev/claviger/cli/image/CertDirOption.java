package dev.claviger.cli.image;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cert-dir} of single-registry commands; sign and verify do not offer it. */
final class CertDirOption {
  @Option(names = "--cert-dir", paramLabel = "DIR",
      description = "extra trusted CA certificates (*.crt) for the registry")
  Path dir;
}
