package dev.claviger.cli.image;

import dev.claviger.cli.ExitCodes;
import dev.claviger.core.CryptoProviders;
import dev.claviger.image.crypt.CryptKeys;
import dev.claviger.image.crypt.ImageDecryptor;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.oci.ImageCopier;
import dev.claviger.image.oci.ImageLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code claviger image decrypt SRC DST --decryption-key KEY[:pass=P|:file=F]}: like {@code skopeo
 * copy --decryption-key}. Every encrypted layer is decrypted (HMAC and {@code privopts.digest}
 * checked) and its original descriptor restored; a layer no key opens fails the whole copy.
 * KBS-held keys (key provider) are used by {@code claviger image unpack/run --kbs}, which attest.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = {"Decrypt image layers (ocicrypt, skopeo-compatible): docker://REF or oci:DIR[:tag] on either side."})
public final class DecryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC", description = "source location")
  String source;

  @Parameters(index = "1", paramLabel = "DST", description = "destination location")
  String destination;

  @Option(names = "--decryption-key", required = true, paramLabel = "KEY[:pass=P|:file=F]",
      description = "private key (PKCS#8, PKCS#1, SEC1 PEM/DER or JWK), optionally with the password of an encrypted PEM; repeatable")
  List<String> keys;

  @Option(names = "--src-insecure", description = "use plain HTTP for the source registry")
  boolean srcInsecure;

  @Option(names = "--dest-insecure", description = "use plain HTTP for the destination registry")
  boolean destInsecure;

  @Option(names = "--src-creds", paramLabel = "USER:PASS", description = "source credentials")
  String srcCreds;

  @Option(names = "--dest-creds", paramLabel = "USER:PASS", description = "destination credentials")
  String destCreds;

  @Option(names = "--authfile", paramLabel = "FILE", description = "auth.json for both registries")
  Path authFile;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "image to take from an index (default linux/amd64)")
  String platform;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    // Layer HMAC/SHA-256 go through whichever JCA provider ranks first: ACCP where it loads.
    CryptoProviders.install();
    return ImageCommands.guarded(cmd, () -> {
      List<PrivateKey> privateKeys = new ArrayList<>();
      for (String k : keys) {
        privateKeys.add(privateKey(cmd, k));
      }
      ImageDecryptor decryptor = new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(privateKeys))));
      ImageLocation src = ImageLocations.resolve(source, new ImageLocations.Access(srcInsecure, srcCreds, authFile), false, cmd);
      ImageLocation dst = ImageLocations.resolve(destination, new ImageLocations.Access(destInsecure, destCreds, authFile), true, cmd);
      try (Progress progress = Progress.onStderr(System.err, json)) {
        var result = ImageCopier.builder().platform(ImageCommands.platform(cmd, platform))
            .layerTransform(decryptor.asLayerTransform()).progress(progress).build().copy(src, dst);
        ImageCommands.print(cmd.getOut(), src, dst, result, json);
      }
      return ExitCodes.OK;
    });
  }

  /** skopeo's syntax: {@code FILE}, {@code FILE:pass=PASSWORD} or {@code FILE:file=PASSWORDFILE}. */
  static PrivateKey privateKey(CommandLine cmd, String text) throws IOException, GeneralSecurityException {
    String file = text;
    Optional<char[]> password = Optional.empty();
    int pass = text.indexOf(":pass=");
    int pwFile = text.indexOf(":file=");
    if (pass >= 0) {
      file = text.substring(0, pass);
      password = Optional.of(text.substring(pass + 6).toCharArray());
    } else if (pwFile >= 0) {
      file = text.substring(0, pwFile);
      byte[] pw = EncryptCommand.read(cmd, Path.of(text.substring(pwFile + 6)), "--decryption-key password file");
      password = Optional.of(new String(pw, StandardCharsets.UTF_8).strip().toCharArray());
      Arrays.fill(pw, (byte) 0);
    }
    byte[] bytes = EncryptCommand.read(cmd, Path.of(file), "--decryption-key");
    try {
      return CryptKeys.privateKey(bytes, password);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      password.ifPresent(p -> Arrays.fill(p, '\0'));
    }
  }
}
