package dev.claviger.kbs.internal.admin;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admin API access configuration ({@code [admin]}), upstream's redesigned shape. Claviger's
 * default is {@link Mode#DENY_ALL} (upstream defaults to {@code InsecureAllowAll}).
 */
public record AdminPolicy(Mode mode, List<IdentityProvider> identityProviders, List<Acl> acls) {

  /** {@code authorization_mode}. */
  public enum Mode {
    DENY_ALL("DenyAll"),
    INSECURE_ALLOW_ALL("InsecureAllowAll"),
    AUTHENTICATED_AUTHORIZATION("AuthenticatedAuthorization");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    public static Mode fromWire(String s) {
      for (Mode m : values()) {
        if (m.wire.equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "authorization_mode must be DenyAll, InsecureAllowAll or AuthenticatedAuthorization, got " + s);
    }
  }

  /**
   * A trusted token issuer. {@code issuer}/{@code audience} are checked only when present.
   *
   * @param keys PEM keys from {@code public_key_uri}
   * @param jwkSet {@code jwk_set_uri}
   */
  public record IdentityProvider(
      Optional<String> issuer, Optional<String> audience, List<PublicKey> keys, Optional<URI> jwkSet) {
    public IdentityProvider {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      keys = List.copyOf(keys);
      Objects.requireNonNull(jwkSet, "jwkSet");
      if (keys.isEmpty() && jwkSet.isEmpty()) {
        throw new IllegalArgumentException("an identity provider needs public_key_uri or jwk_set_uri");
      }
    }
  }

  /** {@code role} may call paths matching {@code allowedEndpoints} (anchored {@code ^/kbs...$}). */
  public record Acl(String role, Pattern allowedEndpoints) {
    public Acl {
      Objects.requireNonNull(role, "role");
      String p = allowedEndpoints.pattern();
      if (!p.startsWith("^/kbs") || !p.endsWith("$")) {
        throw new IllegalArgumentException("allowed_endpoints must start with ^/kbs and end with $: " + p);
      }
    }
  }

  public AdminPolicy {
    Objects.requireNonNull(mode, "mode");
    identityProviders = List.copyOf(identityProviders);
    acls = List.copyOf(acls);
    if (mode == Mode.AUTHENTICATED_AUTHORIZATION && identityProviders.isEmpty()) {
      throw new IllegalArgumentException("AuthenticatedAuthorization needs at least one identity provider");
    }
  }

  public static AdminPolicy denyAll() {
    return new AdminPolicy(Mode.DENY_ALL, List.of(), List.of());
  }
}
