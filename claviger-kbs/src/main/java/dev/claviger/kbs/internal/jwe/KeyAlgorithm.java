package dev.claviger.kbs.internal.jwe;

/**
 * JWE key-management algorithms the KBS wraps resources with. Plain {@code RSA-OAEP} (SHA-1)
 * is deliberately absent, as upstream.
 */
public enum KeyAlgorithm {
  /** RSAES-PKCS1-v1_5: deprecated, kept because older guests still send it. */
  RSA1_5("RSA1_5"),
  RSA_OAEP_256("RSA-OAEP-256"),
  ECDH_ES_A256KW("ECDH-ES+A256KW");

  private final String jose;

  KeyAlgorithm(String jose) {
    this.jose = jose;
  }

  public String jose() {
    return jose;
  }

  static KeyAlgorithm fromJose(String alg) throws InvalidTeeKeyException {
    for (KeyAlgorithm a : values()) {
      if (a.jose.equals(alg)) {
        return a;
      }
    }
    String shown = alg.length() > 40 ? alg.substring(0, 40) + "..." : alg;
    throw new InvalidTeeKeyException(
        "unsupported tee-pubkey alg '" + shown + "' (RSA1_5, RSA-OAEP-256, ECDH-ES+A256KW)");
  }
}
