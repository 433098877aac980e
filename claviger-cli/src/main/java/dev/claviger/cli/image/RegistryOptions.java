package dev.claviger.cli.image;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Access options of commands that talk to one registry (inspect, pull, push, sign, verify). */
final class RegistryOptions {
  @Option(names = "--insecure", description = "use plain HTTP for the registry") boolean insecure;

  @Option(names = "--creds", paramLabel = "USER:PASS") String creds;

  @Option(names = "--authfile", paramLabel = "FILE") Path authFile;

  ImageLocations.Access access() {
    return new ImageLocations.Access(insecure, creds, authFile);
  }

  ImageLocations.Access access(CertDirOption certDir) {
    return new ImageLocations.Access(insecure, creds, authFile, certDir.dir);
  }
}
