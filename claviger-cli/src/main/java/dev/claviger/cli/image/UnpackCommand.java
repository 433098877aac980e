package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.TrustAnchors;
import dev.claviger.agent.attester.Attesters;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.agent.cdh.ResourceSource;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.KeyProviderResolver;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.LayerKeyResolver;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Platform;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.pipeline.GuestImagePipeline;
import dev.claviger.image.pipeline.ImagePipelineException;
import dev.claviger.image.pipeline.PreparedImage;
import dev.claviger.image.policy.KeyResolver;
import dev.claviger.image.policy.PolicyVerifier;
import dev.claviger.image.policy.RegistrySignatureSource;
import dev.claviger.image.policy.SignaturePolicy;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.unpack.UnpackResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code claviger image unpack REF DIR}: the guest pipeline up to a runtime bundle (pull, verify,
 * decrypt, unpack, config.json) without running it.
 */
@Command(name = "unpack", mixinStandardHelpOptions = true,
    description = "Pull, verify (policy.json), decrypt and unpack an image into an OCI runtime bundle DIR.")
public final class UnpackCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REF", description = "Image reference, e.g. 127.0.0.1:5000/app:v1")
  String reference;

  @Parameters(index = "1", paramLabel = "DIR", description = "Bundle directory to create (must not exist or be empty)")
  Path dir;

  @Mixin GuestOptions guest;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ImageReference ref = guest.reference(spec, reference);
    PreparedImage prepared;
    try (Progress progress = Progress.onStderr(System.err, guest.json)) {
      prepared = guest.pipeline(spec, ref, progress).prepare(ref, dir);
    } catch (ImagePipelineException e) {
      return guest.failure(spec, e);
    }
    if (guest.json) {
      spec.commandLine().getOut().println(Json.write(summary(ref, prepared)));
    } else {
      spec.commandLine().getOut().printf("unpacked %s@%s into %s (%d layers, %d decrypted; accepted by %s)%n",
          ref, prepared.manifestDigest(), prepared.bundle().dir(), prepared.layers().size(),
          prepared.encryptedLayers(), String.join(", ", prepared.verified().acceptedBy()));
    }
    return ExitCodes.OK;
  }

  /** The JSON description of a prepared image (shared with {@code image run --json}). */
  static ObjectNode summary(ImageReference ref, PreparedImage p) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("image", ref.toString());
    o.put("manifest_digest", p.manifestDigest().toString());
    o.put("config_digest", p.config().digest().toString());
    o.put("policy_scope", p.verified().scope());
    ArrayNode accepted = o.putArray("accepted_by");
    p.verified().acceptedBy().forEach(accepted::add);
    o.put("bundle", p.bundle().dir().toString());
    o.put("encrypted_layers", p.encryptedLayers());
    ArrayNode layers = o.putArray("layers");
    for (UnpackResult r : p.layers()) {
      ObjectNode l = layers.addObject();
      l.put("diff_id", r.diffId().toString());
      l.put("bytes", r.uncompressedBytes());
      l.put("entries", r.entries());
      l.put("skipped_special_files", r.skippedSpecialFiles());
    }
    ArrayNode args = o.putArray("args");
    p.spec().args().forEach(args::add);
    return o;
  }

  /** Options of every guest-side image command. */
  public static final class GuestOptions {
    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "/etc/containers/policy.json",
        description = "containers-policy.json(5) signature policy (default: ${DEFAULT-VALUE}); "
            + "checked on every run, cached layers or not")
    Path policy;

    @Option(names = "--registries.d", paramLabel = "DIR", defaultValue = "/etc/containers/registries.d",
        description = "containers-registries.d(5) lookaside configuration (default: ${DEFAULT-VALUE})")
    Path registriesD;

    @Option(names = "--kbs", paramLabel = "URL",
        description = "KBS to attest to for kbs:/// layer keys (through the confidential data hub)")
    URI kbs;

    @Option(names = "--tee", defaultValue = "sample",
        description = "Attester for --kbs: sample (default), tdx, snp, cca or tpm")
    String tee;

    @Option(names = "--kbs-cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS")
    Path kbsCacert;

    @Option(names = "--key-type", defaultValue = "ec-p256",
        description = "TEE key bound into the evidence for --kbs (default: ${DEFAULT-VALUE})")
    String keyType;

    @Option(names = "--decryption-key", paramLabel = "KEY[:pass=P|:file=F]",
        description = "Private key (PEM/DER/JWK) for JWE-wrapped layer keys, as for image decrypt; repeatable")
    List<String> decryptionKeys = new ArrayList<>();

    @Option(names = "--insecure-registry", description = "Talk plain HTTP to the image's registry")
    boolean insecureRegistry;

    @Option(names = "--platform", paramLabel = "OS/ARCH", defaultValue = "linux/amd64",
        description = "Platform to pick from a multi-arch index (default: ${DEFAULT-VALUE})")
    String platform;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "Blob cache by digest (re-verified on every read; the policy still runs)")
    Path cache;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    ImageReference reference(CommandSpec spec, String text) {
      try {
        return ImageReference.parse(text.startsWith("docker://") ? text.substring("docker://".length()) : text);
      } catch (MalformedInputException e) {
        throw new ParameterException(spec.commandLine(), "REF: " + e.getMessage());
      }
    }

    GuestImagePipeline pipeline(CommandSpec spec, ImageReference ref, ProgressListener progress) throws Exception {
      RegistryClient.Builder rb = RegistryClient.builder();
      if (insecureRegistry) {
        rb.insecure(ref.apiHost());
      }
      RegistryClient registry = rb.build();
      // One data hub (one attested KBS session) serves both signature keys and layer keys.
      ConfidentialDataHub cdh = kbs == null ? null
          : ConfidentialDataHub.builder(ResourceSource.of(kbsClient(spec))).build();
      KeyResolver signatureKeys = cdh == null ? KeyResolver.files() : KeyResolver.withKbs(cdh, KeyResolver.files());
      GuestImagePipeline.Builder b = GuestImagePipeline.builder()
          .registry(registry)
          .verifier(PolicyVerifier.create(readPolicy(spec), signatureKeys, Clock.systemUTC()))
          .signatures(RegistrySignatureSource.create(registry, RegistriesD.load(registriesD)))
          .platform(parsePlatform(spec))
          .progress(progress);
      List<LayerKeyResolver> resolvers = resolvers(spec, cdh);
      if (!resolvers.isEmpty()) {
        b.decryptor(new LayerDecryptor(resolvers));
      }
      if (cache != null) {
        b.cacheDir(cache);
      }
      return b.build();
    }

    private SignaturePolicy readPolicy(CommandSpec spec) throws IOException {
      if (!Files.isRegularFile(policy)) {
        throw new ParameterException(spec.commandLine(), "--policy: no such file: " + policy);
      }
      byte[] bytes = readBounded(policy, SignaturePolicy.MAX_POLICY_BYTES);
      try {
        return SignaturePolicy.parse(bytes);
      } catch (MalformedInputException e) {
        throw new ParameterException(spec.commandLine(), "--policy " + policy + ": " + e.getMessage());
      }
    }

    private Platform parsePlatform(CommandSpec spec) {
      try {
        return Platform.parse(platform);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
      }
    }

    private List<LayerKeyResolver> resolvers(CommandSpec spec, ConfidentialDataHub cdh) throws Exception {
      List<LayerKeyResolver> out = new ArrayList<>();
      List<PrivateKey> keys = new ArrayList<>();
      for (String k : decryptionKeys) {
        keys.add(DecryptCommand.privateKey(spec.commandLine(), k));
      }
      if (!keys.isEmpty()) {
        out.add(new JweKeyResolver(keys));
      }
      if (cdh != null) {
        out.add(KeyProviderResolver.of(cdh));
      }
      return out;
    }

    private KbsClient kbsClient(CommandSpec spec) throws IOException, GeneralSecurityException {
      KbsClient.Builder kb;
      try {
        kb = KbsClient.builder(kbs, Attesters.byName(tee, PlatformPaths.system()));
        kb.keySpec(TeeKeySpec.fromCliName(keyType));
      } catch (AttesterException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--tee/--key-type: " + e.getMessage());
      }
      if (kbsCacert != null) {
        kb.trustAnchors(TrustAnchors.readPem(kbsCacert));
      }
      return kb.build();
    }

    private static byte[] readBounded(Path file, int max) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] b = in.readNBytes(max + 1);
        if (b.length > max) {
          throw new IOException(file + " is larger than " + max + " bytes");
        }
        return b;
      }
    }

    /**
     * Prints why the image was refused. Exit 1 when the image itself was refused (policy,
     * key, digest, content), 3 when we could not complete (registry, local I/O).
     */
    int failure(CommandSpec spec, ImagePipelineException e) {
      spec.commandLine().getErr().println("claviger: " + e.getMessage());
      return switch (e.stage()) {
        case SIGNATURE, DECRYPT, BLOB_DIGEST, UNPACK, MANIFEST -> ExitCodes.REFUSED;
        case PULL, BUNDLE, MEASURE, IO -> ExitCodes.FAILED;
      };
    }
  }
}
