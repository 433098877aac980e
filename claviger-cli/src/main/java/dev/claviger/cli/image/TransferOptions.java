package dev.claviger.cli.image;

import dev.claviger.image.oci.ImageLocation;
import dev.claviger.image.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * SRC/DST and per-side access options of copy, encrypt and decrypt. {@code --authfile} stays with
 * each command: copy documents it differently from encrypt/decrypt.
 */
final class TransferOptions {
  @Parameters(index = "0", paramLabel = "SRC", description = "source location")
  String source;

  @Parameters(index = "1", paramLabel = "DST", description = "destination location")
  String destination;

  @Option(names = "--src-insecure", description = "use plain HTTP for the source registry")
  boolean srcInsecure;

  @Option(names = "--dest-insecure", description = "use plain HTTP for the destination registry")
  boolean destInsecure;

  @Option(names = "--src-creds", paramLabel = "USER:PASS", description = "source credentials")
  String srcCreds;

  @Option(names = "--dest-creds", paramLabel = "USER:PASS",
      description = "destination credentials")
  String destCreds;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "image to take from an index (default linux/amd64)")
  String platform;

  ImageLocation source(CommandLine cmd, Path authFile, Path certDir) throws IOException {
    return ImageLocations.resolve(source,
        new ImageLocations.Access(srcInsecure, srcCreds, authFile, certDir), false, cmd);
  }

  ImageLocation destination(CommandLine cmd, Path authFile, Path certDir) throws IOException {
    return ImageLocations.resolve(destination,
        new ImageLocations.Access(destInsecure, destCreds, authFile, certDir), true, cmd);
  }

  Platform platform(CommandLine cmd) {
    return ImageCommands.platform(cmd, platform);
  }
}
