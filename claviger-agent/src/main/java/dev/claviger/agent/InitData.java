package dev.claviger.agent;

import java.util.Objects;

/**
 * Init-data sent with the attestation request ({@code {"format":"toml","body":...}}). The body is
 * sent verbatim: the verifier hashes the raw bytes, so it must not be re-formatted.
 */
public record InitData(String format, String body) {

  /** The KBS request limit is 2 MiB; init-data beyond this is a mistake, not a policy. */
  public static final int MAX_BODY_CHARS = 1 << 20;

  public InitData {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(body, "body");
    if (!format.equals("toml")) {
      throw new IllegalArgumentException("init-data format must be 'toml' (upstream KBS rejects others)");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new IllegalArgumentException(
          "init-data is " + body.length() + " characters, limit " + MAX_BODY_CHARS);
    }
  }

  public static InitData toml(String body) {
    return new InitData("toml", body);
  }
}
