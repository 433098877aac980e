package dev.claviger.image.policy;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.sign.CosignAttachments;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.sign.Lookaside;
import dev.claviger.image.sign.RegistriesD;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signatures as containers/image and image-rs find them: simple signatures in the lookaside that
 * registries.d configures for the image, cosign signatures in the {@code sha256-<hex>.sig}
 * attachment of the image's own repository. Cosign attachments are always looked up when a
 * sigstoreSigned requirement asks (image-rs behaviour), whatever {@code use-sigstore-attachments}
 * says.
 */
public final class RegistrySignatureSource implements SignatureSource {
  private final RegistryClient registry;
  private final RegistriesD registriesD;
  private final HttpClient http;

  private RegistrySignatureSource(RegistryClient registry, RegistriesD registriesD, HttpClient http) {
    this.registry = registry;
    this.registriesD = registriesD;
    this.http = http;
  }

  public static RegistrySignatureSource create(RegistryClient registry, RegistriesD registriesD) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    return new RegistrySignatureSource(Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(registriesD, "registriesD"), http);
  }

  @Override
  public List<byte[]> simpleSigningSignatures(ImageReference image, Digest manifestDigest)
      throws SignatureException {
    Optional<URI> base;
    try {
      base = registriesD.lookasideBase(image, false);
    } catch (MalformedInputException e) {
      throw new SignatureException(Kind.CONFIGURATION, e.getMessage(), e);
    }
    if (base.isEmpty()) {
      return List.of();
    }
    return Lookaside.read(base.get(), manifestDigest, http);
  }

  @Override
  public List<CosignSignature> cosignSignatures(ImageReference image, Digest manifestDigest)
      throws SignatureException {
    return CosignAttachments.read(registry, image, manifestDigest);
  }
}
