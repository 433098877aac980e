package dev.claviger.attestation;

import java.util.Objects;

/**
 * Init data as the guest sends it: {@code {"format":"toml","body":"<raw TOML>"}}. The digest is
 * taken over the raw body bytes with the algorithm the TOML names.
 */
public record InitData(String format, String body) {
  public InitData {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "InitData[format=" + format + ", " + body.length() + " chars]";
  }
}
