package dev.claviger.kbs.internal.token;

import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What the KBS trusts to sign attestation tokens ({@code [attestation_token]}).
 *
 * @param trustedCerts roots for a header {@code x5c} chain ({@code trusted_certs_paths}
 *     certificates)
 * @param trustedKeys keys trusted directly: PEM public keys from {@code trusted_certs_paths}, and
 *     in the all-in-one server the built-in AS signing key
 * @param jwkSets {@code trusted_jwk_sets}: {@code file://} or {@code https://} JWKS, or an OpenID
 *     issuer, looked up by header {@code kid}
 * @param insecureHeaderJwk trust any header {@code jwk} without endorsement (testing only)
 */
public record TokenTrust(
    List<X509Certificate> trustedCerts,
    List<PublicKey> trustedKeys,
    List<URI> jwkSets,
    boolean insecureHeaderJwk) {
  public TokenTrust {
    trustedCerts = List.copyOf(trustedCerts);
    trustedKeys = List.copyOf(trustedKeys);
    jwkSets = List.copyOf(jwkSets);
    for (URI u : jwkSets) {
      String scheme = Objects.requireNonNullElse(u.getScheme(), "");
      if (!scheme.equals("file") && !scheme.equals("https")) {
        throw new IllegalArgumentException("trusted_jwk_sets entries must be file:// or https://: " + u);
      }
    }
  }

  public TokenTrust withKey(PublicKey key) {
    List<PublicKey> keys = new java.util.ArrayList<>(trustedKeys);
    keys.add(key);
    return new TokenTrust(trustedCerts, keys, jwkSets, insecureHeaderJwk);
  }
}
