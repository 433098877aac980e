package dev.claviger.cli;

import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.SecretBytes;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claviger agent}: the guest side. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Guest-side commands: attest to a KBS and fetch resources.",
    subcommands = {AgentCommand.GetResource.class, AgentCommand.Attest.class})
public final class AgentCommand {

  @Command(name = "attest",
      description = "Attest with the sample TEE and print the EAR token the KBS issued (as upstream kbs-client attest).")
  static final class Attest implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "KBS base URL") URI url;

    @Option(names = "--key-type", defaultValue = "ec-p256",
        description = "TEE key bound into the evidence: ec-p256 (default), ec-p521, rsa-2048, rsa-2048-rsa1_5") String keyType;

    @Option(names = "--init-data", paramLabel = "FILE", description = "Init-data TOML sent verbatim") Path initData;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS") Path cacert;

    @Override
    public Integer call() throws Exception {
      KbsClient.Builder builder = KbsClient.builder(url, new SampleAttester()).keySpec(TeeKeySpec.fromCliName(keyType));
      if (cacert != null) {
        builder.trustAnchors(Inputs.trustAnchors(cacert));
      }
      if (initData != null) {
        builder.initData(readInitData(initData));
      }
      Streams.out().println(builder.build().attest().jwt());
      return ExitCodes.OK;
    }
  }

  static InitData readInitData(Path file) throws Exception {
    return InitData.toml(new String(Inputs.read(file, InitData.MAX_BODY_CHARS, "init-data file"), StandardCharsets.UTF_8));
  }

  @Command(name = "get-resource",
      description = "Attest with the sample TEE (RCAR, KBS protocol 0.4.0) and print the resource at PATH.")
  static final class GetResource implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "KBS base URL") URI url;

    @Parameters(paramLabel = "PATH", description = "repo/type/tag or kbs:///repo/type/tag") String path;

    @Option(names = "--key-type", defaultValue = "ec-p256",
        description = "TEE key: ec-p256 (default), ec-p521, rsa-2048 (RSA-OAEP-256), rsa-2048-rsa1_5") String keyType;

    @Option(names = "--init-data", paramLabel = "FILE", description = "Init-data TOML sent verbatim") Path initData;

    @Option(names = "--issuer", paramLabel = "URL",
        description = "Attest at this KBS and present its token as a bearer token to --url (passport mode)") URI issuer;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write the resource to a new file (mode 0600) instead of stdout") Path out;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS") Path cacert;

    @Override
    public Integer call() throws Exception {
      ResourcePath resource = ResourcePath.parse(path);
      KbsClient.Builder builder = KbsClient.builder(url, new SampleAttester())
          .keySpec(TeeKeySpec.fromCliName(keyType));
      if (initData != null) {
        builder.initData(readInitData(initData));
      }
      if (issuer != null) {
        builder.issuer(issuer).mode(KbsClient.Mode.BEARER);
      }
      if (cacert != null) {
        builder.trustAnchors(Inputs.trustAnchors(cacert));
      }
      try (SecretBytes secret = builder.build().getResource(resource)) {
        byte[] bytes = secret.toByteArray();
        try {
          write(bytes);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
      }
      return ExitCodes.OK;
    }

    private void write(byte[] bytes) throws Exception {
      if (out == null) {
        Streams.out().write(bytes);
        Streams.out().flush();
        return;
      }
      try (OutputStream file = Files.newOutputStream(create(out), StandardOpenOption.WRITE)) {
        file.write(bytes);
      }
    }

    private static Path create(Path file) throws Exception {
      try {
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        // A secret must not land in a file others may read; stdout is the alternative.
        throw new Main.UsageException("--out " + file + " is not on a POSIX file system, so it "
            + "cannot be created owner-only; write to stdout instead");
      } catch (FileAlreadyExistsException e) {
        throw new Main.UsageException("--out " + file + " already exists; refusing to overwrite");
      }
    }
  }
}
