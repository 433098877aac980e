package dev.claviger.image.oci;

import java.util.Optional;

/** Looks up credentials for a registry and repository (more specific entries may win). */
@FunctionalInterface
public interface CredentialProvider {
  /**
   * @param registry host[:port] as in {@link ImageReference#registry()}
   * @param repository the repository being accessed
   */
  Optional<RegistryCredentials> credentialsFor(String registry, String repository);

  /** No credentials anywhere: anonymous access only. */
  static CredentialProvider anonymous() {
    return (r, p) -> Optional.empty();
  }

  /** These credentials for one registry, none elsewhere. */
  static CredentialProvider of(String registry, RegistryCredentials credentials) {
    return (r, p) -> registry.equals(r) ? Optional.of(credentials) : Optional.empty();
  }

  /** This provider, then {@code other} when this one has nothing. */
  default CredentialProvider orElse(CredentialProvider other) {
    return (r, p) -> {
      Optional<RegistryCredentials> c = credentialsFor(r, p);
      return c.isPresent() ? c : other.credentialsFor(r, p);
    };
  }
}
