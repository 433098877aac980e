package dev.claviger.agent.api;

import java.util.Locale;

/** Which routes the local REST API serves, as upstream api-server-rest's {@code --features}. */
public enum Feature {
  /** {@code /cdh/resource/...} only: the upstream default. */
  RESOURCE(false, true),
  /** {@code /aa/...} only. */
  ATTESTATION(true, false),
  /** Both. */
  ALL(true, true);

  private final boolean attestation;
  private final boolean resource;

  Feature(boolean attestation, boolean resource) {
    this.attestation = attestation;
    this.resource = resource;
  }

  public boolean attestationEnabled() {
    return attestation;
  }

  public boolean resourceEnabled() {
    return resource;
  }

  /** The upstream spelling: {@code resource}, {@code attestation} or {@code all}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Feature parse(String text) {
    for (Feature f : values()) {
      if (f.wireName().equals(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown features '" + text + "', expected resource, attestation or all");
  }
}
