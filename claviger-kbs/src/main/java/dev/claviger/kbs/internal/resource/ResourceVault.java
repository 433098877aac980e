package dev.claviger.kbs.internal.resource;

import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kms.Kms;
import dev.claviger.kms.KmsException;
import dev.claviger.store.ResourceRepository;
import dev.claviger.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Resources at rest: sealed by the KMS with the resource path as AAD (so a sealed blob moved to
 * another path no longer opens), stored in the {@link ResourceRepository}.
 */
public final class ResourceVault {
  private final ResourceRepository repository;
  private final Kms kms;
  private final int maxResourceBytes;

  public ResourceVault(ResourceRepository repository, Kms kms, int maxResourceBytes) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.kms = Objects.requireNonNull(kms, "kms");
    this.maxResourceBytes = maxResourceBytes;
  }

  public void put(ResourcePath path, byte[] plaintext) throws KbsException {
    if (plaintext.length > maxResourceBytes) {
      throw new KbsException(ErrorType.PAYLOAD_TOO_LARGE, "resource larger than " + maxResourceBytes + " bytes");
    }
    try (SecretBytes secret = SecretBytes.copyOf(plaintext)) {
      repository.put(path.toString(), kms.seal(secret, aad(path)));
    } catch (KmsException e) {
      throw internal("KMS failed to seal the resource", e);
    } catch (StoreException e) {
      throw internal("store failed to write the resource", e);
    }
  }

  /** The plaintext; the caller must close it. */
  public SecretBytes get(ResourcePath path) throws KbsException {
    byte[] sealed;
    try {
      sealed = repository.get(path.toString()).orElseThrow(() -> new KbsException(
          ErrorType.PLUGIN_INTERNAL_ERROR, "Plugin internal error: resource " + path + " not found"));
    } catch (StoreException e) {
      throw internal("store failed to read the resource", e);
    }
    try {
      return kms.unseal(sealed, aad(path));
    } catch (KmsException e) {
      throw internal("KMS failed to unseal resource " + path, e);
    }
  }

  /** @return true when a resource was deleted */
  public boolean delete(ResourcePath path) throws KbsException {
    try {
      return repository.delete(path.toString());
    } catch (StoreException e) {
      throw internal("store failed to delete the resource", e);
    }
  }

  private static byte[] aad(ResourcePath path) {
    return ("kbs-resource:" + path).getBytes(StandardCharsets.UTF_8);
  }

  private static KbsException internal(String detail, Exception cause) {
    return new KbsException(ErrorType.INTERNAL_ERROR, detail, cause);
  }
}
