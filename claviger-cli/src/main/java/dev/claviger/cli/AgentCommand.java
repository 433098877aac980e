package dev.claviger.cli;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.api.Feature;
import dev.claviger.agent.attester.Attesters;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.agent.cdh.ResourceSource;
import dev.claviger.agent.daemon.AgentConfigException;
import dev.claviger.agent.daemon.AgentConfigLoader;
import dev.claviger.agent.daemon.AgentDaemon;
import dev.claviger.agent.daemon.KbsConfig;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.core.SecretBytes;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claviger agent}: the guest side. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Guest-side commands: run the agent daemon, attest to a KBS, fetch and unseal secrets.",
    subcommands = {AgentCommand.Serve.class, AgentCommand.GetResource.class, AgentCommand.Attest.class,
        AgentCommand.Evidence.class, AgentCommand.Unseal.class})
public final class AgentCommand {

  /**
   * {@code claviger agent ...} without the rest of the CLI: the entry point of the guest's
   * small-footprint JVM ({@code bin/agent}), which needs only the agent's classes on its class
   * path (no server, image or policy modules).
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs {@code agent <args>} in-process; errors are mapped to {@link ExitCodes} as by {@link Main}. */
  public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
    picocli.CommandLine cli = new picocli.CommandLine(new AgentCommand());
    cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      java.io.PrintWriter w = commandLine.getErr();
      w.println("claviger: " + e.getMessage());
      if (e instanceof KbsClientException k) {
        return k.reason() == KbsClientException.Reason.REFUSED ? ExitCodes.REFUSED : ExitCodes.FAILED;
      }
      if (e instanceof Main.UsageException || e instanceof IllegalArgumentException
          || e instanceof java.nio.file.NoSuchFileException) {
        commandLine.usage(w);
        return ExitCodes.USAGE;
      }
      return ExitCodes.FAILED;
    });
    Streams.set(out, err);
    try {
      return cli.execute(args);
    } finally {
      Streams.clear();
    }
  }

  /** Options every one-shot KBS command shares. */
  static final class KbsOptions {
    @Option(names = "--key-type", defaultValue = "ec-p256",
        description = "TEE key bound into the evidence: ec-p256 (default), ec-p521, rsa-2048 (RSA-OAEP-256), rsa-2048-rsa1_5")
    String keyType;

    @Option(names = "--init-data", paramLabel = "FILE", description = "Init-data TOML sent verbatim") Path initData;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS") Path cacert;

    @Option(names = "--tee", defaultValue = "sample",
        description = "Attester: sample (default), tdx, snp, cca or tpm") String tee;

    KbsClient.Builder builder(URI url) throws Exception {
      KbsClient.Builder builder = KbsClient.builder(url, attester(Optional.of(tee)))
          .keySpec(TeeKeySpec.fromCliName(keyType));
      if (cacert != null) {
        builder.trustAnchors(Inputs.trustAnchors(cacert));
      }
      if (initData != null) {
        builder.initData(readInitData(initData));
      }
      return builder;
    }
  }

  @Command(name = "attest",
      description = "Attest (RCAR) and print the EAR token the KBS issued (as upstream kbs-client attest).")
  static final class Attest implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "KBS base URL") URI url;

    @Mixin KbsOptions kbs;

    @Override
    public Integer call() throws Exception {
      Streams.out().println(kbs.builder(url).build().attest().jwt());
      return ExitCodes.OK;
    }
  }

  static InitData readInitData(Path file) throws Exception {
    try {
      return InitData.parse(Inputs.read(file, InitData.MAX_BODY_CHARS, "init-data file"));
    } catch (MalformedInputException e) {
      throw new Main.UsageException("init-data file " + file + ": " + e.getMessage());
    }
  }

  /** The named attester, or upstream's detection order when none is named. */
  static Attester attester(Optional<String> tee) throws Main.UsageException {
    try {
      return tee.isPresent()
          ? Attesters.byName(tee.get(), PlatformPaths.system())
          : Attesters.detect(PlatformPaths.system());
    } catch (AttesterException e) {
      throw new Main.UsageException("--tee: " + e.getMessage());
    }
  }

  @Command(name = "get-resource",
      description = "Attest (RCAR, KBS protocol 0.4.0) and print the resource at PATH.")
  static final class GetResource implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "KBS base URL") URI url;

    @Parameters(paramLabel = "PATH", description = "repo/type/tag or kbs:///repo/type/tag") String path;

    @Mixin KbsOptions kbs;

    @Option(names = "--issuer", paramLabel = "URL",
        description = "Attest at this KBS and present its token as a bearer token to --url (passport mode)") URI issuer;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write the resource to a new file (mode 0600) instead of stdout") Path out;

    @Override
    public Integer call() throws Exception {
      ResourcePath resource = ResourcePath.parse(path);
      KbsClient.Builder builder = kbs.builder(url);
      if (issuer != null) {
        builder.issuer(issuer).mode(KbsClient.Mode.BEARER);
      }
      try (SecretBytes secret = builder.build().getResource(resource)) {
        writeSecret(secret, out);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "evidence",
      description = "Print the attester's evidence JSON for the given runtime data (upstream AA GetEvidence).")
  static final class Evidence implements Callable<Integer> {
    static final class RuntimeData {
      @Option(names = "--runtime-data", paramLabel = "TEXT", description = "Report data: the UTF-8 bytes of TEXT")
      String text;

      @Option(names = "--runtime-data-b64", paramLabel = "BASE64", description = "Report data: base64 (standard or URL-safe)")
      String base64;
    }

    @ArgGroup(exclusive = true) RuntimeData runtimeData;

    @Option(names = "--tee", description = "Attester (default: detect as upstream, sample last)") String tee;

    @Override
    public Integer call() throws Exception {
      byte[] data = new byte[0];
      if (runtimeData != null && runtimeData.text != null) {
        data = runtimeData.text.getBytes(StandardCharsets.UTF_8);
      } else if (runtimeData != null) {
        try {
          data = Base64s.decodeLenient(runtimeData.base64);
        } catch (MalformedInputException e) {
          throw new Main.UsageException("--runtime-data-b64: " + e.getMessage());
        }
      }
      try {
        Streams.out().println(Json.write(attester(Optional.ofNullable(tee)).evidence(data)));
      } catch (AttesterException e) {
        Streams.err().println("claviger: attester failed: " + e.getMessage());
        return ExitCodes.FAILED;
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "unseal",
      description = "Verify and unseal a sealed secret (sealed.<jws>) through the KBS, printing the plaintext.")
  static final class Unseal implements Callable<Integer> {
    static final class Source {
      @Option(names = "--secret", paramLabel = "SEALED", description = "The sealed secret text") String secret;

      @Option(names = "--file", paramLabel = "FILE", description = "File holding the sealed secret") Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    @Option(names = "--kbs", required = true, paramLabel = "URL", description = "KBS base URL") URI url;

    @Mixin KbsOptions kbs;

    @Option(names = "--sealed-secret-key-dir", paramLabel = "DIR",
        description = "Directory of verification JWKs named by kid (upstream /run/confidential-containers/cdh/sealed-secret)")
    Path keyDir;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the plaintext to a new file (mode 0600)") Path out;

    @Override
    public Integer call() throws Exception {
      String sealed = source.secret != null ? source.secret
          : new String(Inputs.read(source.file, Inputs.MAX_TOKEN, "--file"), StandardCharsets.UTF_8);
      ConfidentialDataHub.Builder hub = ConfidentialDataHub.builder(ResourceSource.of(kbs.builder(url).build()));
      if (keyDir != null) {
        hub.sealedSecretKeyDir(keyDir);
      }
      try (SecretBytes plain = hub.build().unsealSecret(sealed.strip())) {
        writeSecret(plain, out);
      } catch (CdhException e) {
        return cdhFailure(e);
      }
      return ExitCodes.OK;
    }
  }

  /** A KBS refusal keeps its exit code 1; a bad sealed secret is a usage error; the rest failed. */
  static int cdhFailure(CdhException e) throws KbsClientException {
    if (e.getCause() instanceof KbsClientException kbs) {
      throw kbs;
    }
    Streams.err().println("claviger: " + e.getMessage());
    return switch (e.kind()) {
      case MALFORMED, UNSUPPORTED -> ExitCodes.USAGE;
      case VERIFICATION_FAILED -> ExitCodes.REFUSED;
      default -> ExitCodes.FAILED;
    };
  }

  @Command(name = "serve",
      description = "Run the agent daemon: attester, KBS client, data hub and the local REST API "
          + "(upstream api-server-rest routes on 127.0.0.1:8006).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
        description = "AA config, TOML or JSON ([token_configs.kbs] url, cert, tee_key_algorithm); "
            + "without it AA_KBC_PARAMS or agent.aa_kbc_params=cc_kbc::<url> on the kernel command line")
    Path config;

    @Option(names = "--kbs", paramLabel = "URL", description = "KBS base URL (overrides the config's url)") URI kbs;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8006",
        description = "REST API address (default 127.0.0.1:8006; peers other than loopback always get 403)") String listen;

    @Option(names = "--features", defaultValue = "resource",
        description = "resource (default), attestation or all, as upstream") String features;

    @Option(names = "--tee", description = "Attester (default: detect as upstream, sample last)") String tee;

    @Option(names = "--key-type", description = "TEE key type, overriding the config: ec-p256, ec-p521, rsa-2048, rsa-2048-rsa1_5")
    String keyType;

    @Option(names = "--initdata-toml", paramLabel = "FILE",
        description = "Init-data TOML: bound to the platform at start (TDX MRCONFIGID, SNP HOST_DATA, TPM PCR 8) and sent to the KBS")
    Path initData;

    @Override
    public Integer call() throws Exception {
      ServeArgs args = new ServeArgs(Optional.ofNullable(config), Optional.ofNullable(kbs), listen, features,
          Optional.ofNullable(tee), Optional.ofNullable(keyType), Optional.ofNullable(initData));
      PreparedServe prepared;
      try {
        prepared = prepareServe(args);
      } catch (AgentConfigException e) {
        Streams.err().println("claviger: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      return serve(prepared, Streams.out(), Streams.err());
    }
  }

  /**
   * The options of {@code agent serve} as values, so that the small-footprint entry point
   * ({@code dev.claviger.cli.agentmain.AgentMain}) can start the daemon without picocli.
   */
  public record ServeArgs(Optional<Path> config, Optional<URI> kbs, String listen, String features,
      Optional<String> tee, Optional<String> keyType, Optional<Path> initData) {
    public ServeArgs {
      java.util.Objects.requireNonNull(config, "config");
      java.util.Objects.requireNonNull(kbs, "kbs");
      java.util.Objects.requireNonNull(listen, "listen");
      java.util.Objects.requireNonNull(features, "features");
      java.util.Objects.requireNonNull(tee, "tee");
      java.util.Objects.requireNonNull(keyType, "keyType");
      java.util.Objects.requireNonNull(initData, "initData");
    }
  }

  /** {@link ServeArgs} checked and read (listen address, features, init-data, KBS config); nothing started yet. */
  public static final class PreparedServe {
    private final AgentDaemon.Options options;

    private PreparedServe(AgentDaemon.Options options) {
      this.options = options;
    }
  }

  /**
   * Everything {@code agent serve} can refuse as a usage error, without side effects: the caller
   * may report a failure here however it likes (the picocli path prints usage).
   */
  public static PreparedServe prepareServe(ServeArgs args) throws Exception {
    InetSocketAddress address = parseListen(args.listen());
    Feature feature = Feature.parse(args.features());
    Optional<InitData> init = args.initData().isEmpty() ? Optional.empty() : Optional.of(readInitData(args.initData().get()));
    KbsConfig kbsConfig = kbsConfig(args);
    return new PreparedServe(new AgentDaemon.Options(kbsConfig, address, feature, args.tee(), init, PlatformPaths.system()));
  }

  /** Starts the daemon and blocks until SIGTERM/SIGINT (or, in-process, until interrupted). */
  public static int serve(PreparedServe prepared, java.io.PrintStream out, java.io.PrintStream err) throws Exception {
    AgentDaemon daemon;
    try {
      daemon = AgentDaemon.start(prepared.options);
    } catch (AgentConfigException e) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    InetSocketAddress bound = daemon.address();
    out.println("claviger agent listening on http://" + bound.getHostString() + ":" + bound.getPort()
        + " (tee " + daemon.attester().tee() + ", features " + prepared.options.features().wireName() + ")");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // In-process callers (tests) stop the daemon by interrupting the command's thread.
      Runtime.getRuntime().removeShutdownHook(hook);
      daemon.close();
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private static KbsConfig kbsConfig(ServeArgs args) throws AgentConfigException {
    AgentConfigLoader loader = new AgentConfigLoader(PlatformPaths.system());
    KbsConfig loaded;
    if (args.config().isEmpty() && args.kbs().isPresent()) {
      loaded = new KbsConfig(args.kbs().get(), Optional.empty(), TeeKeySpec.EC_P256);
    } else {
      loaded = loader.load(args.config());
      if (args.kbs().isPresent()) {
        loaded = loaded.withUrl(args.kbs().get());
      }
    }
    return args.keyType().isEmpty() ? loaded
        : new KbsConfig(loaded.url(), loaded.certPem(), TeeKeySpec.fromCliName(args.keyType().get()));
  }

  /** {@code HOST:PORT} (IPv6 in brackets); port 0 picks a free port. */
  static InetSocketAddress parseListen(String text) throws Main.UsageException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new Main.UsageException("--listen must be HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new Main.UsageException("--listen port must be 0..65535, got '" + text.substring(colon + 1) + "'");
    }
    return new InetSocketAddress(host, port);
  }

  /** Writes a secret to stdout or to a new owner-only file; the caller closes the secret. */
  static void writeSecret(SecretBytes secret, Path out) throws Exception {
    byte[] bytes = secret.toByteArray();
    try {
      if (out == null) {
        Streams.out().write(bytes);
        Streams.out().flush();
        return;
      }
      try (OutputStream file = Files.newOutputStream(createOwnerOnly(out), StandardOpenOption.WRITE)) {
        file.write(bytes);
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static Path createOwnerOnly(Path file) throws Exception {
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
