package dev.claviger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.ResourcePath;
import dev.claviger.cli.internal.AdminClient;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code claviger kbs}: the KBS admin API (resources, policies, reference values). */
@Command(
    name = "kbs",
    mixinStandardHelpOptions = true,
    description = "Administer a KBS (Claviger or upstream Trustee) over its admin API.",
    subcommands = {
      KbsCommand.SetResource.class,
      KbsCommand.DeleteResource.class,
      KbsCommand.SetResourcePolicy.class,
      KbsCommand.SetAttestationPolicy.class,
      KbsCommand.SetReferenceValue.class,
      KbsCommand.GetReferenceValue.class
    })
public final class KbsCommand {

  @Option(names = "--url", required = true, description = "KBS base URL, e.g. http://127.0.0.1:8080")
  URI url;

  @Option(names = "--admin-token", required = true, paramLabel = "FILE",
      description = "File holding the admin bearer token (claviger server writes <data-dir>/admin-token).")
  Path adminToken;

  @Option(names = "--cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS")
  Path cacert;

  AdminClient admin() throws Exception {
    String token = new String(Inputs.read(adminToken, Inputs.MAX_TOKEN, "admin token"), StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new Main.UsageException("admin token file " + adminToken + " is empty");
    }
    return new AdminClient(url, token,
        cacert == null ? java.util.Optional.empty() : java.util.Optional.of(Inputs.trustAnchors(cacert).sslContext()));
  }

  static String b64urlFile(Path file) throws Exception {
    return Base64s.encodeUrlNoPad(Inputs.read(file, Inputs.MAX_POLICY, "policy file"));
  }

  @Command(name = "set-resource", description = "Store a resource (raw bytes of FILE) at PATH (repo/type/tag).")
  static final class SetResource implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Parameters(paramLabel = "PATH") String path;
    @Option(names = "--file", required = true, paramLabel = "FILE") Path file;

    @Override
    public Integer call() throws Exception {
      ResourcePath resource = ResourcePath.parse(path);
      byte[] bytes = Inputs.read(file, Inputs.MAX_RESOURCE, "resource file");
      kbs.admin().post("/kbs/v0/resource/" + resource, "application/octet-stream", bytes);
      Streams.err().println("stored resource " + resource + " (" + bytes.length + " bytes)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete-resource", description = "Delete the resource at PATH.")
  static final class DeleteResource implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Parameters(paramLabel = "PATH") String path;

    @Override
    public Integer call() throws Exception {
      ResourcePath resource = ResourcePath.parse(path);
      kbs.admin().delete("/kbs/v0/resource/" + resource);
      Streams.err().println("deleted resource " + resource);
      return ExitCodes.OK;
    }
  }

  @Command(name = "set-resource-policy", description = "Replace the resource policy (Rego, package policy, rule allow).")
  static final class SetResourcePolicy implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Option(names = "--file", required = true, paramLabel = "FILE.rego") Path file;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("policy", b64urlFile(file));
      kbs.admin().post("/kbs/v0/resource-policy", "application/json", Json.writeBytes(body));
      Streams.err().println("resource policy set from " + file);
      return ExitCodes.OK;
    }
  }

  @Command(name = "set-attestation-policy", description = "Set an attestation (appraisal) policy by id, e.g. default_cpu.")
  static final class SetAttestationPolicy implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Option(names = "--id", required = true) String id;
    @Option(names = "--file", required = true, paramLabel = "FILE.rego") Path file;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("type", "rego");
      body.put("policy_id", id);
      body.put("policy", b64urlFile(file));
      kbs.admin().post("/kbs/v0/attestation-policy", "application/json", Json.writeBytes(body));
      Streams.err().println("attestation policy " + id + " set from " + file);
      return ExitCodes.OK;
    }
  }

  @Command(name = "set-reference-value",
      description = "Register reference value NAME = JSON through an RVPS 'sample' message.")
  static final class SetReferenceValue implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--value", required = true, paramLabel = "JSON",
        description = "Any JSON value, usually an array of accepted values, e.g. '[\"abcde\"]'.") String value;

    @Override
    public Integer call() throws Exception {
      JsonNode parsed;
      try {
        parsed = Json.parse(value);
      } catch (MalformedInputException e) {
        throw new Main.UsageException("--value is not JSON: " + e.getMessage());
      }
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.set(name, parsed);
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("version", "0.1.0");
      message.put("type", "sample");
      message.put("payload", Base64s.encodeStd(Json.writeBytes(payload)));
      kbs.admin().post("/kbs/v0/reference-value", "application/json", Json.writeBytes(message));
      Streams.err().println("reference value " + name + " registered");
      return ExitCodes.OK;
    }
  }

  @Command(name = "get-reference-value", description = "Print the stored value of reference value NAME as JSON.")
  static final class GetReferenceValue implements Callable<Integer> {
    @ParentCommand KbsCommand kbs;
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() throws Exception {
      if (name.isEmpty() || name.contains("..") || name.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '?' || c == '#')) {
        throw new Main.UsageException("reference value name must be printable ASCII without '?', '#' or '..'");
      }
      byte[] body = kbs.admin().get("/kbs/v0/reference-value/" + name);
      Streams.out().println(new String(body, StandardCharsets.UTF_8).strip());
      return ExitCodes.OK;
    }
  }
}
