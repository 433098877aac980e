package dev.claviger.image.crypt;

import java.util.Map;
import java.util.Optional;

/**
 * Recovers a layer's private options from its descriptor annotations. Implementations: {@link
 * JweKeyResolver} (private keys) and {@link KeyProviderResolver} (a key provider such as the
 * confidential data hub, which fetches a KBS key after attestation).
 */
@FunctionalInterface
public interface LayerKeyResolver {
  /**
   * @return the options, or empty when this resolver holds no key for this layer
   * @throws ImageCryptException when a wrapped key is malformed, or a key opened it but it failed
   *     authentication, or the provider failed
   */
  Optional<PrivateLayerOptions> resolve(Map<String, String> annotations) throws ImageCryptException;
}
