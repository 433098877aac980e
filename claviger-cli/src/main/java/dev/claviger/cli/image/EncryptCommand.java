package dev.claviger.cli.image;

import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.TrustAnchors;
import dev.claviger.core.CryptoProviders;
import dev.claviger.cli.internal.AdminClient;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.CryptKeys;
import dev.claviger.image.crypt.ImageEncryptor;
import dev.claviger.image.crypt.KbsRecipient;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.crypt.LayerRecipient;
import dev.claviger.image.crypt.LayerSelection;
import dev.claviger.image.oci.ImageLocation;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.Manifest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code claviger image encrypt SRC DST}: ocicrypt layer encryption, like {@code skopeo copy
 * --encryption-key}. Recipients:
 *
 * <ul>
 *   <li>{@code jwe:FILE} — an RSA or EC public key (SPKI PEM/DER, X.509 certificate, or a JWK whose
 *       {@code alg} picks the algorithm);
 *   <li>{@code provider:kbs:kbs:///repo/type/tag[::keypath=FILE]} (also spelled as coco_keyprovider
 *       does: {@code provider:attestation-agent:keyid=kbs:///repo/type/tag[::keypath=FILE]}) — the
 *       layer key is wrapped under a 32-byte KEK held by a KBS at that resource path. Without
 *       {@code keypath} a random KEK is generated and must be registered with {@code --kbs-url} and
 *       {@code --kbs-admin-token} (before anything is encrypted), so no key is ever thrown away.
 * </ul>
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = {"Encrypt image layers (ocicrypt, skopeo-compatible): docker://REF or oci:DIR[:tag] on either side."})
public final class EncryptCommand implements Callable<Integer> {
  private static final int MAX_KEY_FILE = 256 * 1024;

  @Spec CommandSpec spec;

  @Mixin TransferOptions transfer;

  @Mixin JsonOption output;

  @Mixin BothSidesAuthFile authFile;

  @Option(names = "--encryption-key", required = true, paramLabel = "RECIPIENT",
      description = "jwe:PUBKEY or provider:kbs:kbs:///repo/type/tag[::keypath=KEK]; repeat for several recipients")
  List<String> recipients;

  @Option(names = "--encrypt-layer", paramLabel = "N",
      description = "encrypt only layer N (0-based, negative counts from the end); repeatable; default all")
  List<Integer> layers = new ArrayList<>();

  @Option(names = "--kbs-url", paramLabel = "URL", description = "KBS admin API where generated KEKs are registered")
  URI kbsUrl;

  @Option(names = "--kbs-admin-token", paramLabel = "FILE", description = "file holding the KBS admin bearer token")
  Path kbsAdminToken;

  @Option(names = "--kbs-cacert", paramLabel = "FILE", description = "PEM roots trusted for an HTTPS KBS")
  Path kbsCacert;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    // Layer HMAC/SHA-256 go through whichever JCA provider ranks first: ACCP where it loads.
    CryptoProviders.install();
    return ImageCommands.guarded(cmd, () -> {
      SecureRandom random = new SecureRandom();
      List<LayerRecipient> parsed = new ArrayList<>();
      for (String r : recipients) {
        parsed.add(recipient(cmd, r, random));
      }
      registerKeks(cmd, parsed);
      ImageLocation src = transfer.source(cmd, authFile.file, null);
      ImageLocation dst = transfer.destination(cmd, authFile.file, null);
      ImageEncryptor encryptor = new ImageEncryptor(new LayerEncryptor(parsed, random), new LayerSelection(layers));
      int count = layers.stream().anyMatch(i -> i < 0) ? layerCount(cmd, src) : Integer.MAX_VALUE;
      try {
        return ImageCommands.copyTransformed(cmd, src, dst, transfer.platform(cmd),
            encryptor.asLayerTransform(count), output.json);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, e.getMessage());
      }
    });
  }

  private LayerRecipient recipient(CommandLine cmd, String text, SecureRandom random)
      throws IOException, GeneralSecurityException {
    if (text.startsWith("jwe:")) {
      return CryptKeys.recipient(read(cmd, Path.of(text.substring(4)), "--encryption-key"));
    }
    String spec;
    if (text.startsWith("provider:kbs:")) {
      spec = text.substring("provider:kbs:".length());
    } else if (text.startsWith("provider:attestation-agent:keyid=")) {
      spec = text.substring("provider:attestation-agent:keyid=".length());
    } else {
      throw new CommandLine.ParameterException(cmd,
          "--encryption-key must be jwe:FILE or provider:kbs:kbs:///repo/type/tag[::keypath=FILE]: " + text);
    }
    String[] parts = spec.split("::", -1);
    Optional<Path> keypath = Optional.empty();
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].startsWith("keypath=")) {
        throw new CommandLine.ParameterException(cmd, "unknown key-provider parameter '" + parts[i] + "'");
      }
      keypath = Optional.of(Path.of(parts[i].substring("keypath=".length())));
    }
    try {
      if (keypath.isEmpty()) {
        return KbsRecipient.generate(parts[0], random);
      }
      byte[] kek = read(cmd, keypath.get(), "keypath");
      try (SecretBytes secret = SecretBytes.copyOf(kek)) {
        return KbsRecipient.of(parts[0], secret);
      } finally {
        Arrays.fill(kek, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--encryption-key " + text + ": " + e.getMessage());
    }
  }

  /** Generated KEKs go to the KBS first: an image must never outlive the only copy of its key. */
  private void registerKeks(CommandLine cmd, List<LayerRecipient> parsed) throws IOException, GeneralSecurityException {
    boolean generated = recipients.stream().anyMatch(r -> r.startsWith("provider:") && !r.contains("::keypath="));
    if (!generated) {
      return;
    }
    if (kbsUrl == null || kbsAdminToken == null) {
      throw new CommandLine.ParameterException(cmd,
          "a provider:kbs recipient without ::keypath= needs --kbs-url and --kbs-admin-token to register its key");
    }
    String token = new String(read(cmd, kbsAdminToken, "--kbs-admin-token"), StandardCharsets.UTF_8).strip();
    AdminClient admin = new AdminClient(kbsUrl, token,
        kbsCacert == null ? Optional.empty() : Optional.of(TrustAnchors.readPem(kbsCacert).sslContext()));
    for (int i = 0; i < parsed.size(); i++) {
      if (parsed.get(i) instanceof KbsRecipient k && !recipients.get(i).contains("::keypath=")) {
        byte[] kek = k.kek().toByteArray();
        try {
          admin.post("/kbs/v0/resource/" + k.resourcePath(), "application/octet-stream", kek);
          cmd.getErr().println("registered layer KEK at " + k.kid());
        } catch (KbsClientException e) {
          throw new IOException("cannot register the KEK for " + k.kid() + ": " + e.getMessage(), e);
        } finally {
          Arrays.fill(kek, (byte) 0);
        }
      }
    }
  }

  private static int layerCount(CommandLine cmd, ImageLocation src) throws IOException {
    Manifest m = switch (src) {
      case ImageLocation.Layout l -> l.layout().readManifest(l.layout().resolve(l.tag()).orElseThrow(
          () -> new IOException("no image " + l.tag() + " in " + l.layout().dir())));
      case ImageLocation.Registry r -> r.client().getManifest(r.ref());
    };
    if (m instanceof ImageManifest image) {
      return image.layers().size();
    }
    throw new CommandLine.ParameterException(cmd, "negative --encrypt-layer needs a single-platform source");
  }

  static byte[] read(CommandLine cmd, Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(cmd, what + ": no such file: " + file);
    }
    if (Files.size(file) > MAX_KEY_FILE) {
      throw new CommandLine.ParameterException(cmd, what + ": " + file + " is larger than " + MAX_KEY_FILE + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
