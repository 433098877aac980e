package dev.claviger.agent.api;

import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One answer of the REST API. A secret body is wiped once it has been written. */
record ApiResponse(int status, String contentType, byte[] body, boolean secret) {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";
  static final String OCTETS = "application/octet-stream";

  static ApiResponse text(int status, String text) {
    return new ApiResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8), false);
  }

  static ApiResponse json(String json) {
    return new ApiResponse(200, JSON, json.getBytes(StandardCharsets.UTF_8), false);
  }

  static ApiResponse octets(byte[] body) {
    return new ApiResponse(200, OCTETS, body, false);
  }

  /** Takes a copy of the secret; the caller closes its own. */
  static ApiResponse secret(SecretBytes body) {
    return new ApiResponse(200, OCTETS, body.toByteArray(), true);
  }

  // Upstream's plain-text bodies, verbatim, so scripts matching on them keep working.
  static ApiResponse badRequest() {
    return text(400, "BAD REQUEST");
  }

  static ApiResponse forbidden() {
    return text(403, "Forbidden");
  }

  static ApiResponse notFound() {
    return text(404, "URL NOT FOUND");
  }

  static ApiResponse notAllowed() {
    return text(405, "Method Not Allowed");
  }

  void wipe() {
    if (secret) {
      Arrays.fill(body, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ApiResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
  }
}
