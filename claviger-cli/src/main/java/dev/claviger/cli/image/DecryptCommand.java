package dev.claviger.cli.image;

import dev.claviger.core.CryptoProviders;
import dev.claviger.image.crypt.CryptKeys;
import dev.claviger.image.crypt.ImageDecryptor;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.LayerDecryptor;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Mixin TransferOptions transfer;

  @Mixin JsonOption output;

  @Mixin BothSidesAuthFile authFile;

  @Option(names = "--decryption-key", required = true, paramLabel = "KEY[:pass=P|:file=F]",
      description = "private key (PKCS#8, PKCS#1, SEC1 PEM/DER or JWK), optionally with the password of an encrypted PEM; repeatable")
  List<String> keys;

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
      ImageLocation src = transfer.source(cmd, authFile.file, null);
      ImageLocation dst = transfer.destination(cmd, authFile.file, null);
      return ImageCommands.copyTransformed(cmd, src, dst, transfer.platform(cmd),
          decryptor.asLayerTransform(), output.json);
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
