package dev.claviger.cli.image;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code claviger image pull REF DIR}: registry image into an OCI layout. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = "Pull REF (docker:// optional) into the OCI layout DIR, tagged with REF's tag "
        + "unless DIR:tag says otherwise.")
public final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF") String ref;

  @Parameters(index = "1", paramLabel = "DIR[:tag]") String dir;

  @Mixin RegistryOptions registry;

  @Mixin CertDirOption certDir;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]") String platform;

  @Mixin JsonOption output;

  @Override
  public Integer call() {
    var cmd = spec.commandLine();
    String src = ref.startsWith("docker://") ? ref : "docker://" + ref;
    return ImageCommands.guarded(cmd, () -> {
      var from = ImageLocations.resolve(src,
          registry.access(certDir), false, cmd);
      String dst = "oci:" + dir;
      if (!dir.contains(":")) {
        String tag = ((dev.claviger.image.oci.ImageLocation.Registry) from).ref().tag();
        dst += ":" + (tag.isEmpty() ? "latest" : tag);
      }
      var to = ImageLocations.resolve(dst, new ImageLocations.Access(false, null, null), true,
          cmd);
      return ImageCommands.copy(cmd, from, to, ImageCommands.platform(cmd, platform), false,
          output.json, System.err);
    });
  }
}
