package dev.claviger.kbs.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claviger.kbs.internal.admin.AdminAuthorizer;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import dev.claviger.kbs.internal.resource.ResourcePath;
import dev.claviger.kbs.internal.resource.ResourceVault;
import dev.claviger.kbs.internal.session.SessionState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One dispatcher for {@code /kbs/v0/*}, as upstream's catch-all route: the first path segment
 * selects the endpoint or plugin; the rest is validated here, never by the router, so every bad
 * path gets the same typed error.
 */
public final class KbsRoutes {
  public static final String PREFIX = "/kbs/v0/";
  private static final int MAX_QUERY_PARAMS = 32;

  private final RcarService rcar;
  private final ResourceService resources;
  private final ResourceVault vault;
  private final AdminService admin;
  private final AdminAuthorizer adminAuth;
  private final SessionCookies cookies;
  private final long maxBodyBytes;
  private final KbsMetrics metrics;

  public KbsRoutes(RcarService rcar, ResourceService resources, ResourceVault vault, AdminService admin,
      AdminAuthorizer adminAuth, dev.claviger.kbs.internal.session.SessionCodec codec, java.time.Clock clock,
      long maxBodyBytes, KbsMetrics metrics) {
    this.rcar = rcar;
    this.resources = resources;
    this.vault = vault;
    this.admin = admin;
    this.adminAuth = adminAuth;
    this.cookies = new SessionCookies(codec, clock);
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
  }

  public void handle(Context ctx) throws KbsException {
    String path = ctx.path();
    List<String> segments = Arrays.asList(path.substring(PREFIX.length()).split("/", -1));
    HandlerType method = ctx.method();
    switch (segments.get(0)) {
      case "" -> throw invalidPath();
      case "auth" -> exact(segments, method, HandlerType.POST, () -> auth(ctx));
      case "attest" -> exact(segments, method, HandlerType.POST, () -> attest(ctx));
      case "resource" -> resource(ctx, method, ResourcePath.parse(segments.subList(1, segments.size())));
      case "resource-policy" -> resourcePolicy(ctx, segments, method);
      case "attestation-policy" -> exact(segments, method, HandlerType.POST, () -> {
        adminAuth.authorize(path, ctx.header("Authorization"));
        admin.setAttestationPolicy(body(ctx));
        ctx.status(200);
      });
      case "reference-value" -> referenceValue(ctx, segments, method);
      default -> throw new KbsException(ErrorType.PLUGIN_NOT_FOUND,
          "Plugin not found: " + (segments.get(0).length() > 40 ? "?" : segments.get(0).replaceAll("[^A-Za-z0-9_.-]", "?")));
    }
  }

  private void auth(Context ctx) throws KbsException {
    RcarService.Challenge c = rcar.auth(body(ctx));
    cookies.write(ctx, c.session());
    json(ctx, c.body());
    metrics.auth();
  }

  private void attest(Context ctx) throws KbsException {
    if (!cookies.present(ctx)) {
      throw RcarService.attestFailed("Cookie " + SessionCookies.NAME + " not found");
    }
    SessionState session = cookies.read(ctx)
        .orElseThrow(() -> RcarService.attestFailed("invalid or expired session"));
    byte[] body = body(ctx);
    SessionState.Attested attested;
    try {
      attested = rcar.attest(session, body);
    } catch (KbsException e) {
      metrics.attest(false);
      throw e;
    }
    metrics.attest(true);
    cookies.write(ctx, attested);
    json(ctx, JsonNodeFactory.instance.objectNode().put("token", attested.token()));
  }

  private void resource(Context ctx, HandlerType method, ResourcePath path) throws KbsException {
    switch (method) {
      case GET -> {
        try {
          json(ctx, resources.release(token(ctx), path, query(ctx)));
          metrics.resource("released");
        } catch (KbsException e) {
          metrics.resource(e.type().variant());
          throw e;
        }
      }
      case POST, PUT -> {
        adminAuth.authorize(ctx.path(), ctx.header("Authorization"));
        vault.put(path, body(ctx));
        ctx.status(200);
      }
      case DELETE -> {
        adminAuth.authorize(ctx.path(), ctx.header("Authorization"));
        vault.delete(path);
        ctx.status(200);
      }
      default -> throw methodNotAllowed(method);
    }
  }

  private void resourcePolicy(Context ctx, List<String> segments, HandlerType method) throws KbsException {
    if (segments.size() != 1) {
      throw invalidPath();
    }
    adminAuth.authorize(ctx.path(), ctx.header("Authorization"));
    switch (method) {
      case POST -> {
        admin.setResourcePolicy(body(ctx));
        ctx.status(200);
      }
      case GET -> json(ctx, admin.resourcePolicyIds());
      default -> throw methodNotAllowed(method);
    }
  }

  private void referenceValue(Context ctx, List<String> segments, HandlerType method) throws KbsException {
    adminAuth.authorize(ctx.path(), ctx.header("Authorization"));
    if (method == HandlerType.POST && segments.size() == 1) {
      admin.registerReferenceValue(body(ctx));
      ctx.status(200);
    } else if (method == HandlerType.GET && segments.size() == 1) {
      json(ctx, admin.referenceValues());
    } else if (method == HandlerType.GET) {
      String name = String.join("/", segments.subList(1, segments.size()));
      if (name.isEmpty() || name.length() > 1024) {
        throw invalidPath();
      }
      String decoded;
      try {
        // Path-segment decoding: '+' is a literal plus in a path, not a space as in a form.
        decoded = java.net.URLDecoder.decode(name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalidPath();
      }
      json(ctx, admin.referenceValue(decoded));
    } else {
      throw methodNotAllowed(method);
    }
  }

  /** Session cookie first (must be Attested and unexpired), else {@code Authorization: Bearer}. */
  private String token(Context ctx) throws KbsException {
    Optional<SessionState> session = cookies.read(ctx);
    if (session.isPresent() && session.get() instanceof SessionState.Attested a) {
      return a.token();
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    throw new KbsException(ErrorType.TOKEN_NOT_FOUND, "Attestation Token not found");
  }

  private static Map<String, String> query(Context ctx) throws KbsException {
    Map<String, List<String>> q = ctx.queryParamMap();
    if (q.size() > MAX_QUERY_PARAMS) {
      throw new KbsException(ErrorType.INVALID_REQUEST_PATH, "Invalid request path: too many query parameters");
    }
    Map<String, String> out = new LinkedHashMap<>();
    q.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
    return out;
  }

  /** Reads the body with a hard cap, whether or not the client sent Content-Length. */
  private byte[] body(Context ctx) throws KbsException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (b.length > maxBodyBytes) {
        throw tooLarge();
      }
      return b;
    } catch (IOException e) {
      throw new KbsException(ErrorType.SERDE_ERROR, "cannot read the request body");
    }
  }

  private KbsException tooLarge() {
    return new KbsException(ErrorType.PAYLOAD_TOO_LARGE,
        "A payload reached size limit: body exceeds " + maxBodyBytes + " bytes (http_server.payload_request_size)");
  }

  private static void json(Context ctx, JsonNode node) {
    ctx.status(200).contentType("application/json").result(KbsJson.write(node));
  }

  private interface Action {
    void run() throws KbsException;
  }

  private static void exact(List<String> segments, HandlerType method, HandlerType allowed, Action action)
      throws KbsException {
    if (segments.size() != 1) {
      throw invalidPath();
    }
    if (method != allowed) {
      throw methodNotAllowed(method);
    }
    action.run();
  }

  static KbsException invalidPath() {
    return new KbsException(ErrorType.INVALID_REQUEST_PATH, "Invalid request path");
  }

  private static KbsException methodNotAllowed(HandlerType method) {
    return new KbsException(ErrorType.METHOD_NOT_ALLOWED, "Method " + method + " not allowed here");
  }
}
