package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignAttachments;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.GpgSigningKey;
import dev.claviger.image.sign.Lookaside;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.sign.SimpleSigning;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code claviger image sign REF}: signs the manifest REF points to, either with simple signing
 * (OpenPGP; the signature goes to the registries.d lookaside, as {@code skopeo copy --sign-by}) or
 * with a cosign key (an attachment {@code sha256-<hex>.sig} pushed next to the image).
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = "Sign the image REF (docker:// optional): --gpg-key writes a simple-signing "
        + "signature to the lookaside configured in --registries.d; --cosign-key pushes a cosign "
        + "signature attachment to the registry.")
public final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF") String ref;

  @ArgGroup(exclusive = true, multiplicity = "1") KeyChoice key;

  static final class KeyChoice {
    @Option(names = "--gpg-key", paramLabel = "FILE",
        description = "secret keyring (gpg --export-secret-keys, binary or armored)")
    Path gpgKey;

    @Option(names = "--cosign-key", paramLabel = "FILE",
        description = "private key: PKCS#8 PEM or cosign's encrypted PEM")
    Path cosignKey;
  }

  @Option(names = "--key-id", paramLabel = "FPR", description = "which GPG key (fingerprint or key ID)")
  String keyId;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "key passphrase (first line); none when omitted")
  Path passphraseFile;

  @Option(names = "--registries.d", paramLabel = "DIR",
      description = "registries.d directory naming the lookaside (GPG signatures)")
  Path registriesD;

  @Option(names = "--identity", paramLabel = "REF",
      description = "the docker-reference to sign (default: REF's repo:tag, or repo@digest)")
  String identity;

  @Mixin RegistryOptions registry;

  @Mixin JsonOption output;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    ImageReference image = VerifyCommand.parseRef(cmd, ref);
    return ImageCommands.guarded(cmd, () -> {
      RegistryClient client = ImageLocations.client(image.apiHost(),
          registry.access(), cmd);
      Manifest m = client.getManifest(image);
      Digest digest = m.digest();
      // a digest-only REF is signed as repo@digest: a bare repository would match no default rule
      String signedAs = identity != null ? identity
          : image.registry() + "/" + image.repository()
              + (image.tag().isEmpty() ? "@" + digest : ":" + image.tag());
      String where = key.gpgKey != null ? signGpg(cmd, image, digest, signedAs)
          : signCosign(client, image, digest, signedAs);
      print(cmd, image, digest, signedAs, where);
      return ExitCodes.OK;
    });
  }

  private String signGpg(CommandLine cmd, ImageReference image, Digest digest, String signedAs)
      throws IOException, java.security.GeneralSecurityException {
    if (registriesD == null) {
      throw new CommandLine.ParameterException(cmd, "--gpg-key needs --registries.d (where to store it)");
    }
    char[] pass = passphrase();
    GpgSigningKey k;
    try {
      k = GpgSigningKey.load(Files.readAllBytes(key.gpgKey), Optional.ofNullable(keyId), pass);
    } finally {
      Arrays.fill(pass, '\0');
    }
    Optional<URI> base;
    try {
      base = RegistriesD.load(registriesD).lookasideBase(image, true);
    } catch (MalformedInputException e) {
      throw new CommandLine.ParameterException(cmd, "--registries.d: " + e.getMessage());
    }
    if (base.isEmpty()) {
      throw new CommandLine.ParameterException(cmd,
          "no lookaside or lookaside-staging configured for " + image + " in " + registriesD);
    }
    Clock clock = Clock.systemUTC();
    byte[] sig = SimpleSigning.sign(SimpleSigning.payload(signedAs, digest.toString(), clock), k, clock);
    int n = Lookaside.write(base.get(), digest, sig);
    return Lookaside.signatureUri(base.get(), digest, n).toString();
  }

  private String signCosign(RegistryClient client, ImageReference image, Digest digest,
      String signedAs) throws IOException, java.security.GeneralSecurityException {
    char[] pass = passphrase();
    PrivateKey pk;
    try {
      pk = CosignKeys.parsePrivateKey(Files.readAllBytes(key.cosignKey), pass);
    } finally {
      Arrays.fill(pass, '\0');
    }
    byte[] payload = Cosign.payload(signedAs, digest.toString()).toJson();
    Digest attachment = CosignAttachments.append(client, image, digest, Cosign.sign(payload, pk));
    return CosignAttachments.attachmentOf(image, digest) + "@" + attachment;
  }

  /** The first line of the passphrase file, decoded without an intermediate String. */
  private char[] passphrase() throws IOException {
    if (passphraseFile == null) {
      return new char[0];
    }
    byte[] raw = Files.readAllBytes(passphraseFile);
    try {
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw));
      int end = 0;
      while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
        end++;
      }
      char[] out = new char[end];
      chars.get(out, 0, end);
      Arrays.fill(chars.array(), '\0');
      return out;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private void print(CommandLine cmd, ImageReference image, Digest digest, String signedAs,
      String where) {
    if (output.json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("image", image.toString());
      o.put("manifestDigest", digest.toString());
      o.put("identity", signedAs);
      o.put("format", key.gpgKey != null ? "simple-signing" : "cosign");
      o.put("stored", where);
      cmd.getOut().println(Json.write(o));
    } else {
      cmd.getOut().println("Signed " + image + " (" + digest + ") as " + signedAs);
      cmd.getOut().println("  stored: " + where);
    }
    cmd.getOut().flush();
  }
}
