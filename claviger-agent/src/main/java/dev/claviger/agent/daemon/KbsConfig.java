package dev.claviger.agent.daemon;

import dev.claviger.agent.TeeKeySpec;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream AA's {@code [token_configs.kbs]}: the KBS URL, its CA certificate(s) as PEM text (inline
 * in the config, as upstream) and the TEE key algorithm.
 */
public record KbsConfig(URI url, Optional<String> certPem, TeeKeySpec keySpec) {

  public KbsConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keySpec, "keySpec");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("KBS URL must be http or https: " + url);
    }
  }

  /** The same configuration pointing at another KBS (the CLI's {@code --kbs}). */
  public KbsConfig withUrl(URI other) {
    return new KbsConfig(other, certPem, keySpec);
  }
}
