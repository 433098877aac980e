package dev.claviger.kbs.internal.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.json.KbsJson;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/** The one error body shape: {@code {"type":"<prefix>/<Variant>","detail":"..."}}. */
final class ErrorResponses {
  private ErrorResponses() {}

  static byte[] body(ErrorType type, String detail) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", type.uri());
    o.put("detail", detail);
    return KbsJson.write(o);
  }

  static void write(Context ctx, ErrorType type, String detail) {
    ctx.status(type.status()).contentType("application/json").result(body(type, detail));
  }

  /**
   * Jetty answers malformed requests (bad URI, oversized header) before Javalin runs; this keeps
   * those answers in the same JSON shape instead of Jetty's HTML page.
   */
  static final class JettyErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
      ErrorType type = status == 413 || status == 431 ? ErrorType.PAYLOAD_TOO_LARGE : ErrorType.INVALID_REQUEST_PATH;
      String detail = "Bad request (" + status + "): " + (reason != null ? reason
          : status == 431 ? "request headers exceed the limit" : "malformed HTTP request");
      return ByteBuffer.wrap(body(type, detail).clone()).asReadOnlyBuffer().duplicate();
    }

    @Override
    protected void generateAcceptableResponse(
        org.eclipse.jetty.server.Request baseRequest,
        jakarta.servlet.http.HttpServletRequest request,
        jakarta.servlet.http.HttpServletResponse response,
        int code,
        String message)
        throws java.io.IOException {
      baseRequest.setHandled(true);
      response.setContentType("application/json");
      ErrorType type = code == 404 ? ErrorType.INVALID_REQUEST_PATH
          : code == 413 || code == 431 ? ErrorType.PAYLOAD_TOO_LARGE
          : code == 405 ? ErrorType.METHOD_NOT_ALLOWED
          : code >= 500 ? ErrorType.INTERNAL_ERROR : ErrorType.INVALID_REQUEST_PATH;
      response.getOutputStream().write(body(type, "HTTP " + code));
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
