package dev.claviger.cli.image;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code claviger image copy SRC DST}: like {@code skopeo copy}, digest-verified end to end. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {"Copy an image: docker://REF or oci:DIR[:tag] on either side.",
        "Blobs the destination has are skipped; same-registry copies mount."})
public final class CopyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TransferOptions transfer;

  @Mixin JsonOption output;

  @Option(names = "--src-cert-dir", paramLabel = "DIR",
      description = "extra trusted CA certificates (*.crt) for the source registry")
  Path srcCertDir;

  @Option(names = "--dest-cert-dir", paramLabel = "DIR",
      description = "extra trusted CA certificates (*.crt) for the destination registry")
  Path destCertDir;

  @Option(names = "--authfile", paramLabel = "FILE",
      description = "auth.json (default: $REGISTRY_AUTH_FILE, containers or Docker auth files)")
  Path authFile;

  @Option(names = "--all", description = "copy every image of an index, and the index")
  boolean all;

  @Override
  public Integer call() {
    var cmd = spec.commandLine();
    return ImageCommands.guarded(cmd, () -> ImageCommands.copy(cmd,
        transfer.source(cmd, authFile, srcCertDir),
        transfer.destination(cmd, authFile, destCertDir),
        transfer.platform(cmd), all, output.json, System.err));
  }
}
