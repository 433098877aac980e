package dev.claviger.attestation;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The EAR signing key ({@code attestation_token_broker.signer}).
 *
 * @param keyPath PEM private key, P-256 only (PKCS#8 or SEC1 "EC PRIVATE KEY")
 * @param certPath PEM certificate chain, leaf first; published as the JWK's {@code x5c}
 * @param certUrl published as the JWK's {@code x5u}
 */
public record SignerConfig(Path keyPath, Optional<Path> certPath, Optional<String> certUrl) {
  public SignerConfig {
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(certPath, "certPath");
    Objects.requireNonNull(certUrl, "certUrl");
  }

  public static SignerConfig key(Path keyPath) {
    return new SignerConfig(keyPath, Optional.empty(), Optional.empty());
  }

  public SignerConfig withCertChain(Path chain) {
    return new SignerConfig(keyPath, Optional.of(chain), certUrl);
  }
}
