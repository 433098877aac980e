package dev.claviger.image.crypt;

import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recovers layer keys from descriptor annotations with an ordered list of {@link
 * LayerKeyResolver}s. The first resolver that opens a wrapped key wins; if none does, the first
 * real failure (malformed or altered JWE, provider error) is reported, else {@link
 * Reason#NO_MATCHING_KEY}. Thread-safe when the resolvers are.
 */
public final class LayerDecryptor {
  private final List<LayerKeyResolver> resolvers;

  public LayerDecryptor(List<? extends LayerKeyResolver> resolvers) {
    this.resolvers = List.copyOf(Objects.requireNonNull(resolvers, "resolvers"));
  }

  /** Checks the public options and recovers the private ones. */
  public UnlockedLayer unlock(Map<String, String> annotations) throws ImageCryptException {
    Objects.requireNonNull(annotations, "annotations");
    String pub = annotations.get(EncAnnotations.PUBOPTS);
    if (pub == null) {
      throw new ImageCryptException(Reason.MISSING_PUBOPTS,
          "encrypted layer has no " + EncAnnotations.PUBOPTS + " annotation (no cipher type provided)");
    }
    PublicLayerOptions publicOptions = PublicLayerOptions.fromAnnotation(pub);
    if (!EncAnnotations.hasWrappedKeys(annotations)) {
      throw new ImageCryptException(Reason.NO_MATCHING_KEY, "encrypted layer carries no wrapped keys");
    }
    ImageCryptException failure = null;
    for (LayerKeyResolver resolver : resolvers) {
      try {
        Optional<PrivateLayerOptions> options = resolver.resolve(annotations);
        if (options.isPresent()) {
          return new UnlockedLayer(options.get(), publicOptions);
        }
      } catch (ImageCryptException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    // skopeo's wording, so the message is recognisable.
    throw new ImageCryptException(Reason.NO_MATCHING_KEY,
        "no suitable key unwrapper found or none of the private keys could be used for decryption");
  }
}
