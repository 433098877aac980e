package dev.claviger.cli.image;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code claviger image push DIR[:tag] REF}: OCI layout image into a registry. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = "Push the image tagged in the OCI layout DIR (DIR alone: its only image) to REF.")
public final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR[:tag]") String dir;

  @Parameters(index = "1", paramLabel = "REF") String ref;

  @Mixin RegistryOptions registry;

  @Mixin CertDirOption certDir;

  @Mixin JsonOption output;

  @Override
  public Integer call() {
    var cmd = spec.commandLine();
    String dst = ref.startsWith("docker://") ? ref : "docker://" + ref;
    return ImageCommands.guarded(cmd, () -> ImageCommands.copy(cmd,
        ImageLocations.resolve("oci:" + dir, new ImageLocations.Access(false, null, null), false,
            cmd),
        ImageLocations.resolve(dst, registry.access(certDir), true,
            cmd),
        dev.claviger.image.oci.Platform.LINUX_AMD64, true, output.json, System.err));
  }
}
