package dev.claviger.agent.cdh;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.ResourcePath;
import dev.claviger.core.SecretBytes;
import java.util.Objects;

/**
 * Where the data hub gets KBS resources from: normally an attested {@link KbsClient}; tests and the
 * offline mode plug in other sources. Implementations must be thread-safe, must not cache (the hub
 * relies on every call reaching the KBS, as upstream does) and report failures as {@link
 * CdhException.Kind#RESOURCE_UNAVAILABLE}.
 */
@FunctionalInterface
public interface ResourceSource {

  SecretBytes get(ResourcePath path) throws CdhException;

  /** Adapts a KBS client; its errors become {@link CdhException.Kind#RESOURCE_UNAVAILABLE}. */
  static ResourceSource of(KbsClient client) {
    Objects.requireNonNull(client, "client");
    return path -> {
      try {
        return client.getResource(path);
      } catch (KbsClientException e) {
        throw new CdhException(
            CdhException.Kind.RESOURCE_UNAVAILABLE,
            "KBS resource " + path + " unavailable: " + e.getMessage(),
            e);
      }
    };
  }
}
