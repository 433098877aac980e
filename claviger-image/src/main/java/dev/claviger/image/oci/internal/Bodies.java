package dev.claviger.image.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Bounded reading of HTTP bodies and of distribution-spec error documents. */
public final class Bodies {
  /** Error documents beyond this are cut (the message is for humans; codes come first). */
  public static final int MAX_ERROR_BODY = 64 * 1024;

  private Bodies() {}

  /** Reads the whole stream, failing once it exceeds {@code max} bytes. */
  public static byte[] readBounded(InputStream in, int max, String what) throws IOException {
    try (in) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new IOException(what + " exceeds the limit of " + max + " bytes");
      }
      return b;
    }
  }

  /** Reads at most {@link #MAX_ERROR_BODY} bytes and closes the stream. */
  public static byte[] readErrorBody(InputStream in) {
    try (in) {
      return in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * The registry's error list; when the body has none, one error derived from the status so that
   * callers can still switch on a code (401 UNAUTHORIZED, 403 DENIED, 429 TOOMANYREQUESTS).
   */
  public static List<RegistryException.Error> errors(int status, byte[] body) {
    List<RegistryException.Error> out = new ArrayList<>();
    if (body.length > 0 && body.length < MAX_ERROR_BODY) {
      try {
        JsonNode root = Json.parse(body);
        for (JsonNode e : root.path("errors")) {
          String code = e.path("code").asText("");
          if (!code.isEmpty()) {
            String msg = e.path("message").asText("");
            out.add(new RegistryException.Error(RegistryException.Code.fromWire(code),
                code, msg.length() > 300 ? msg.substring(0, 300) + "..." : msg));
          }
          if (out.size() >= 16) {
            break;
          }
        }
      } catch (MalformedInputException notJson) {
        // some proxies answer with HTML; the status-derived code below still applies
      }
    }
    if (out.isEmpty()) {
      RegistryException.Code c = switch (status) {
        case 401 -> RegistryException.Code.UNAUTHORIZED;
        case 403 -> RegistryException.Code.DENIED;
        case 429 -> RegistryException.Code.TOOMANYREQUESTS;
        default -> RegistryException.Code.UNKNOWN;
      };
      out.add(new RegistryException.Error(c, c.name(), ""));
    }
    return out;
  }
}
