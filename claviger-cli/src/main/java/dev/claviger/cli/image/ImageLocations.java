package dev.claviger.cli.image;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.AuthFile;
import dev.claviger.image.oci.CredentialProvider;
import dev.claviger.image.oci.ImageLocation;
import dev.claviger.image.oci.OciLayout;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.oci.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Turns {@code docker://REF} / {@code oci:DIR[:tag]} arguments into {@link ImageLocation}s, with a
 * registry client configured from the command's TLS and credential options.
 */
public final class ImageLocations {
  private ImageLocations() {}

  /** Registry access options for one side of a command. */
  public record Access(boolean insecure, String creds, Path authFile, Path certDir) {
    public Access(boolean insecure, String creds, Path authFile) {
      this(insecure, creds, authFile, null);
    }
  }

  /**
   * Resolves a location string. A source layout must exist; a destination layout is created.
   *
   * @throws CommandLine.ParameterException via {@code spec} when the string is malformed
   */
  public static ImageLocation resolve(String text, Access access, boolean destination,
      CommandLine cmd) throws IOException {
    ImageLocation.Spec spec;
    try {
      spec = ImageLocation.parse(text);
    } catch (MalformedInputException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    return switch (spec) {
      case ImageLocation.RegistrySpec r -> new ImageLocation.Registry(
          client(r.ref().apiHost(), access, cmd), r.ref());
      case ImageLocation.LayoutSpec l -> new ImageLocation.Layout(
          destination ? OciLayout.create(l.dir()) : OciLayout.open(l.dir()), l.tag());
    };
  }

  static RegistryClient client(String host, Access access, CommandLine cmd) throws IOException {
    RegistryClient.Builder b = RegistryClient.builder();
    if (access.insecure()) {
      b.insecure(host);
    }
    if (access.certDir() != null) {
      try {
        b.sslContext(CertDirs.sslContext(access.certDir()));
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException("cannot use certificates in " + access.certDir() + ": "
            + e.getMessage(), e);
      }
    }
    CredentialProvider creds = CredentialProvider.anonymous();
    Optional<Path> file = access.authFile() != null ? Optional.of(access.authFile())
        : AuthFile.discover(System.getenv());
    if (file.isPresent()) {
      creds = AuthFile.load(file.get());
    }
    if (access.creds() != null) {
      try {
        RegistryCredentials c = RegistryCredentials.parse(access.creds());
        // one client serves one side, so explicit credentials belong to that registry
        creds = (registry, repository) -> Optional.of(c);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, "--creds: " + e.getMessage());
      }
    }
    return b.credentials(creds).build();
  }
}
