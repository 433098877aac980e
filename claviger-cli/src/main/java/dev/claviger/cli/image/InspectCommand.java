package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReader;
import dev.claviger.image.oci.Manifest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code claviger image inspect LOCATION}: digest, platform, layers and run config of an image. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show an image's manifest digest, platform, layers and config "
        + "(docker://REF, or REF alone, or oci:DIR[:tag]).")
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOCATION") String location;

  @Mixin RegistryOptions registry;

  @Mixin CertDirOption certDir;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]") String platform;

  @Option(names = "--raw", description = "print the manifest (or index) bytes exactly")
  boolean raw;

  @Option(names = "--config", description = "print the config blob bytes exactly")
  boolean config;

  @Option(names = "--json", description = "print the summary as JSON") boolean json;

  @Override
  public Integer call() {
    var cmd = spec.commandLine();
    String loc = location.startsWith("oci:") || location.startsWith("docker://") ? location
        : "docker://" + location;
    return ImageCommands.guarded(cmd, () -> {
      ImageReader reader = ImageReader.of(ImageLocations.resolve(loc,
          registry.access(certDir), false, cmd));
      Manifest top = reader.top();
      PrintWriter out = cmd.getOut();
      if (raw) {
        out.print(new String(top.bytes(), StandardCharsets.UTF_8));
        out.flush();
        return ExitCodes.OK;
      }
      ImageManifest m = reader.manifest(top, ImageCommands.platform(cmd, platform));
      ImageConfig c = reader.config(m);
      if (config) {
        out.print(new String(c.bytes(), StandardCharsets.UTF_8));
      } else if (json) {
        out.println(Json.write(summary(reader, top, m, c)));
      } else {
        human(out, reader, top, m, c);
      }
      out.flush();
      return ExitCodes.OK;
    });
  }

  private static ObjectNode summary(ImageReader r, Manifest top, ImageManifest m, ImageConfig c) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("Name", r.location().toString());
    o.put("Digest", m.digest().toString());
    if (top instanceof ImageIndex idx) {
      o.put("IndexDigest", idx.digest().toString());
    }
    o.put("MediaType", m.mediaType());
    o.put("Created", c.created());
    o.put("Architecture", c.platform().architecture());
    o.put("Os", c.platform().os());
    if (!c.platform().variant().isEmpty()) {
      o.put("Variant", c.platform().variant());
    }
    ArrayNode layers = o.putArray("LayersData");
    for (Descriptor l : m.layers()) {
      ObjectNode e = layers.addObject();
      e.put("MIMEType", l.mediaType());
      e.put("Digest", l.digest().toString());
      e.put("Size", l.size());
      ObjectNode a = e.putObject("Annotations");
      l.annotations().forEach(a::put);
    }
    ArrayNode env = o.putArray("Env");
    c.run().env().forEach(env::add);
    ArrayNode ep = o.putArray("Entrypoint");
    c.run().entrypoint().forEach(ep::add);
    ArrayNode cmdArr = o.putArray("Cmd");
    c.run().cmd().forEach(cmdArr::add);
    o.put("WorkingDir", c.run().workingDir());
    o.put("User", c.run().user());
    ObjectNode labels = o.putObject("Labels");
    c.run().labels().forEach(labels::put);
    return o;
  }

  private static void human(PrintWriter out, ImageReader r, Manifest top, ImageManifest m,
      ImageConfig c) {
    out.println("Name:         " + r.location());
    out.println("Digest:       " + m.digest());
    if (top instanceof ImageIndex idx) {
      out.println("Index:        " + idx.digest() + " (" + idx.manifests().size() + " entries)");
    }
    out.println("MediaType:    " + m.mediaType());
    out.println("Platform:     " + c.platform());
    out.println("Created:      " + c.created());
    out.println("Entrypoint:   " + c.run().entrypoint());
    out.println("Cmd:          " + c.run().cmd());
    out.println("WorkingDir:   " + c.run().workingDir());
    out.println("User:         " + c.run().user());
    out.println("Env:          " + c.run().env());
    out.println("Layers:");
    for (Descriptor l : m.layers()) {
      out.println("  " + l.digest() + "  " + l.size() + "  " + l.mediaType());
    }
  }
}
