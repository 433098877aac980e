package dev.claviger.cli.image;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code claviger image copy SRC DST}: like {@code skopeo copy}, digest-verified end to end. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {"Copy an image: docker://REF or oci:DIR[:tag] on either side.",
        "Blobs the destination has are skipped; same-registry copies mount."})
public final class CopyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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

  @Option(names = "--src-cert-dir", paramLabel = "DIR",
      description = "extra trusted CA certificates (*.crt) for the source registry")
  Path srcCertDir;

  @Option(names = "--dest-cert-dir", paramLabel = "DIR",
      description = "extra trusted CA certificates (*.crt) for the destination registry")
  Path destCertDir;

  @Option(names = "--authfile", paramLabel = "FILE",
      description = "auth.json (default: $REGISTRY_AUTH_FILE, containers or Docker auth files)")
  Path authFile;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "image to take from an index (default linux/amd64)")
  String platform;

  @Option(names = "--all", description = "copy every image of an index, and the index")
  boolean all;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  @Override
  public Integer call() {
    var cmd = spec.commandLine();
    return ImageCommands.guarded(cmd, () -> ImageCommands.copy(cmd,
        ImageLocations.resolve(source, new ImageLocations.Access(srcInsecure, srcCreds, authFile,
            srcCertDir),
            false, cmd),
        ImageLocations.resolve(destination,
            new ImageLocations.Access(destInsecure, destCreds, authFile, destCertDir), true, cmd),
        ImageCommands.platform(cmd, platform), all, json, System.err));
  }
}
