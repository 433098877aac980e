package dev.claviger.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The TEE key pair the agent generates per client and binds into its evidence; the KBS wraps
 * resources to its public half. Mirrors guest-components' {@code tee_key_algorithm}.
 */
public enum TeeKeySpec {
  /** EC P-256 with {@code ECDH-ES+A256KW}; the upstream default. */
  EC_P256("ec-p256", "ECDH-ES+A256KW"),
  /** EC P-521 with {@code ECDH-ES+A256KW}. */
  EC_P521("ec-p521", "ECDH-ES+A256KW"),
  /** RSA-2048 (e = 65537) with {@code RSA-OAEP-256}. */
  RSA_2048("rsa-2048", "RSA-OAEP-256"),
  /** RSA-2048 with the deprecated {@code RSA1_5}; only for peers that need it. */
  RSA_2048_PKCS1("rsa-2048-rsa1_5", "RSA1_5");

  private final String cliName;
  private final String jweAlgorithm;

  TeeKeySpec(String cliName, String jweAlgorithm) {
    this.cliName = cliName;
    this.jweAlgorithm = jweAlgorithm;
  }

  /** The name used on the command line, e.g. {@code ec-p256}. */
  public String cliName() {
    return cliName;
  }

  /** The JWE {@code alg} advertised in the tee-pubkey JWK and required in responses. */
  public String jweAlgorithm() {
    return jweAlgorithm;
  }

  /** Parses a {@link #cliName()} (case-insensitive). */
  public static TeeKeySpec fromCliName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (TeeKeySpec spec : values()) {
      if (spec.cliName.equals(wanted)) {
        return spec;
      }
    }
    throw new IllegalArgumentException(
        "unknown key type '" + name + "', expected one of "
            + Arrays.stream(values()).map(TeeKeySpec::cliName).collect(Collectors.joining(", ")));
  }
}
