package dev.claviger.image.crypt;

import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.internal.CryptJson;
import dev.claviger.image.crypt.internal.JweDecoder;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Opens {@code org.opencontainers.image.enc.keys.jwe} with private RSA/EC keys (skopeo {@code --decryption-key}). */
public final class JweKeyResolver implements LayerKeyResolver {
  /** Upper bound on comma-separated JWEs in one annotation. */
  public static final int MAX_JWES = 64;
  private final List<PrivateKey> keys;

  public JweKeyResolver(List<PrivateKey> keys) {
    this.keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public Optional<PrivateLayerOptions> resolve(Map<String, String> annotations) throws ImageCryptException {
    String value = annotations.get(EncAnnotations.KEYS_JWE);
    if (value == null || keys.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = value.split(",", -1);
    if (parts.length > MAX_JWES) {
      throw CryptJson.malformed("more than " + MAX_JWES + " JWEs in " + EncAnnotations.KEYS_JWE);
    }
    for (String part : parts) {
      byte[] json = CryptJson.stdBase64(part, EncAnnotations.KEYS_JWE);
      Optional<SecretBytes> opened = JweDecoder.decrypt(json, keys);
      if (opened.isPresent()) {
        return Optional.of(PrivateLayerOptions.parse(opened.get()));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "JweKeyResolver[" + keys.size() + " keys]";
  }
}
