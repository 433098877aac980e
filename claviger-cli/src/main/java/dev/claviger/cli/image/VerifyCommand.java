package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.policy.KeyResolver;
import dev.claviger.image.policy.PolicyVerifier;
import dev.claviger.image.policy.RegistrySignatureSource;
import dev.claviger.image.policy.SignaturePolicy;
import dev.claviger.image.policy.VerifiedImage;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.sign.SignatureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code claviger image verify REF --policy policy.json}: applies a containers-policy.json to the
 * image in the registry, as {@code skopeo copy --policy} would before pulling. Exit 0 when the
 * policy accepts the image, 1 when it refuses (the reason's kind is printed), 2/3 for usage and
 * I/O failures.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check the image REF (docker:// optional) against a containers policy.json; "
        + "simple signatures are read from the lookaside in --registries.d, cosign signatures "
        + "from the registry.")
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF") String ref;

  @Option(names = "--policy", required = true, paramLabel = "FILE") Path policy;

  @Option(names = "--registries.d", paramLabel = "DIR") Path registriesD;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "manifest to verify when REF is an index (default linux/amd64)")
  String platform;

  @Mixin RegistryOptions registry;

  @Mixin JsonOption output;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    ImageReference image = parseRef(cmd, ref);
    SignaturePolicy p = loadPolicy(cmd);
    return ImageCommands.guarded(cmd, () -> {
      RegistryClient client = ImageLocations.client(image.apiHost(),
          registry.access(), cmd);
      RegistriesD conf = registries(cmd);
      PolicyVerifier verifier = PolicyVerifier.create(p, KeyResolver.files(), Clock.systemUTC());
      RegistrySignatureSource src = RegistrySignatureSource.create(client, conf);
      try {
        Manifest top = client.getManifest(image);
        VerifiedImage v;
        if (top instanceof ImageIndex index) {
          Descriptor d = index.select(ImageCommands.platform(cmd, platform)).orElseThrow(() ->
              new CommandLine.ParameterException(cmd, "no manifest for the platform in " + image));
          Manifest m = client.getManifest(image.atDigest(d.digest()));
          v = verifier.verifyWithIndex(image, m.digest(), m.bytes(), index.digest(), index.bytes(), src);
        } else {
          v = verifier.verify(image, top.digest(), top.bytes(), src);
        }
        printAccepted(cmd, v);
        return ExitCodes.OK;
      } catch (SignatureException e) {
        printRefused(cmd, image, e);
        return ExitCodes.REFUSED;
      }
    });
  }

  static ImageReference parseRef(CommandLine cmd, String text) {
    try {
      return ImageReference.parse(text.startsWith("docker://") ? text.substring(9) : text);
    } catch (MalformedInputException e) {
      throw new CommandLine.ParameterException(cmd, "REF: " + e.getMessage());
    }
  }

  private SignaturePolicy loadPolicy(CommandLine cmd) {
    try {
      return SignaturePolicy.parse(Files.readAllBytes(policy));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, "--policy: cannot read " + policy);
    } catch (MalformedInputException e) {
      throw new CommandLine.ParameterException(cmd, "--policy: " + e.getMessage());
    }
  }

  private RegistriesD registries(CommandLine cmd) throws IOException {
    if (registriesD == null) {
      return RegistriesD.empty();
    }
    try {
      return RegistriesD.load(registriesD);
    } catch (MalformedInputException e) {
      throw new CommandLine.ParameterException(cmd, "--registries.d: " + e.getMessage());
    }
  }

  private void printAccepted(CommandLine cmd, VerifiedImage v) {
    if (output.json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("image", v.reference().toString());
      o.put("verified", true);
      o.put("manifestDigest", v.manifestDigest().toString());
      o.put("scope", v.scope());
      ArrayNode a = o.putArray("acceptedBy");
      v.acceptedBy().forEach(a::add);
      cmd.getOut().println(Json.write(o));
    } else {
      cmd.getOut().println("Accepted " + v.reference() + " (" + v.manifestDigest() + ")");
      cmd.getOut().println("  policy scope: " + v.scope());
      v.acceptedBy().forEach(s -> cmd.getOut().println("  " + s));
    }
    cmd.getOut().flush();
  }

  private void printRefused(CommandLine cmd, ImageReference image, SignatureException e) {
    if (output.json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("image", image.toString());
      o.put("verified", false);
      o.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
      o.put("error", e.getMessage());
      cmd.getOut().println(Json.write(o));
      cmd.getOut().flush();
    } else {
      cmd.getErr().println("claviger: image rejected: " + e.getMessage());
      cmd.getErr().flush();
    }
  }
}
