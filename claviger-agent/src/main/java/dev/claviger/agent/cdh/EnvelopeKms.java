package dev.claviger.agent.cdh;

import dev.claviger.core.SecretBytes;
import java.util.Map;

/**
 * A key management service that unwraps the data key of an envelope sealed secret (and of a v2
 * annotation packet whose provider is not {@code kbs}). Mirrors upstream's
 * {@code Decrypter::decrypt(ciphertext, key_id, annotations)}.
 *
 * <p>Implementations must be thread-safe and fail with {@link CdhException.Kind#KMS_FAILED} (or
 * {@link CdhException.Kind#RESOURCE_UNAVAILABLE} when the key store is unreachable).
 */
@FunctionalInterface
public interface EnvelopeKms {

  /**
   * Unwraps {@code ciphertext} with the key {@code keyId}.
   *
   * @param annotations provider-specific fields from the payload (non-string JSON values arrive as
   *     their compact JSON text)
   */
  SecretBytes decrypt(byte[] ciphertext, String keyId, Map<String, String> annotations)
      throws CdhException;
}
