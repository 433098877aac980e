package dev.claviger.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.api.AttestationAgent.MeasurementResult;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import dev.claviger.core.SecretBytes;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one request the way upstream api-server-rest's {@code router.rs} does: loopback check
 * first, {@code /info}, then {@code /aa/*} and {@code /cdh/resource/*}; plain-text errors with
 * upstream's bodies. Independent of the HTTP server so tests can present any remote address.
 */
final class ApiRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  static final int MAX_PATH_CHARS = 1024;
  static final int MAX_QUERY_CHARS = 8 * 1024;
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper AAEL_MAPPER =
      Json.mapper(new JsonLimits(MAX_BODY_BYTES, 4, MAX_BODY_BYTES, 256, 64, 1024));
  /** {@code <repo>/<type>/<tag>}, each segment as the KBS allows; no percent-escapes, no dot-first. */
  private static final Pattern RESOURCE =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}(/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}){2}");
  private static final String RESOURCE_PREFIX = "/cdh/resource/";

  private final Feature feature;
  private final String version;
  private final Optional<AttestationAgent> aa;
  private final Optional<ResourceProvider> cdh;

  ApiRouter(Feature feature, String version, AttestationAgent aa, ResourceProvider cdh) {
    this.feature = feature;
    this.version = version;
    // A disabled feature has no backend at all, as upstream connects only the enabled clients.
    this.aa = feature.attestationEnabled() ? Optional.of(aa) : Optional.empty();
    this.cdh = feature.resourceEnabled() ? Optional.of(cdh) : Optional.empty();
  }

  /** {@code body} is read only by POST routes, bounded to {@link #MAX_BODY_BYTES}. */
  ApiResponse route(InetSocketAddress remote, String method, String rawPath, String rawQuery, BodyReader body) {
    if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
      return ApiResponse.forbidden();
    }
    if (rawPath == null || rawPath.length() > MAX_PATH_CHARS
        || (rawQuery != null && rawQuery.length() > MAX_QUERY_CHARS)) {
      return ApiResponse.badRequest();
    }
    if (rawPath.equals("/info")) {
      return method.equals("GET") ? info() : ApiResponse.notAllowed();
    }
    if (rawPath.startsWith("/aa/")) {
      return aa.map(agent -> attestation(agent, method, rawPath.substring(3), rawQuery, body))
          .orElseGet(() -> ApiResponse.text(404, "Attestation Feature Not Enabled"));
    }
    if (rawPath.startsWith("/cdh/")) {
      return cdh.map(provider -> resource(provider, method, rawPath))
          .orElseGet(() -> ApiResponse.text(404, "Resource Feature Not Enabled"));
    }
    return ApiResponse.notFound();
  }

  /** Reads a request body with a size bound. */
  @FunctionalInterface
  interface BodyReader {
    /** Empty when the body exceeds the bound. */
    Optional<byte[]> read(int maxBytes) throws java.io.IOException;
  }

  private ApiResponse info() {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("version", version);
    aa.ifPresent(agent -> {
      info.put("tee", agent.tee());
      if (!agent.additionalTees().isEmpty()) {
        agent.additionalTees().forEach(info.putArray("additional_tees")::add);
      }
    });
    info.put("feature", feature.wireName());
    return ApiResponse.json(Json.write(info));
  }

  private ApiResponse attestation(AttestationAgent agent, String method, String route, String rawQuery, BodyReader body) {
    Map<String, String> params;
    try {
      params = query(rawQuery);
    } catch (IllegalArgumentException e) {
      return ApiResponse.badRequest();
    }
    try {
      return switch (route + " " + method) {
        case "/token GET" -> token(agent, params);
        case "/evidence GET" -> runtimeData(params)
            .map(data -> call(() -> ApiResponse.octets(agent.evidence(data)), "get evidence"))
            .orElseGet(ApiResponse::badRequest);
        case "/additional-evidence GET" -> runtimeData(params)
            .map(data -> call(() -> ApiResponse.octets(agent.additionalEvidence(data)), "get additional evidence"))
            .orElseGet(ApiResponse::badRequest);
        case "/aael POST" -> aael(agent, body);
        default -> ApiResponse.notFound();
      };
    } catch (java.io.IOException e) {
      return ApiResponse.text(500, "cannot read the request body");
    }
  }

  private static ApiResponse token(AttestationAgent agent, Map<String, String> params) {
    String type = params.get("token_type");
    if (type == null) {
      return ApiResponse.badRequest();
    }
    return call(() -> {
      try (SecretBytes token = agent.token(type)) {
        return ApiResponse.secret(token);
      }
    }, "get token");
  }

  /** Upstream: raw UTF-8 of the value, or URL-safe unpadded base64 with {@code encoding=base64}. */
  static Optional<byte[]> runtimeData(Map<String, String> params) {
    String data = params.get("runtime_data");
    if (data == null) {
      return Optional.empty();
    }
    String encoding = params.get("encoding");
    if (encoding == null) {
      return Optional.of(data.getBytes(StandardCharsets.UTF_8));
    }
    if (!encoding.equals("base64")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64s.decodeUrlNoPad(data));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }

  private static ApiResponse aael(AttestationAgent agent, BodyReader body) throws java.io.IOException {
    Optional<byte[]> bytes = body.read(MAX_BODY_BYTES);
    if (bytes.isEmpty()) {
      return ApiResponse.text(500, "AAEL entry larger than " + MAX_BODY_BYTES + " bytes");
    }
    String domain;
    String operation;
    String content;
    try {
      JsonNode entry = Json.parse(AAEL_MAPPER, bytes.get());
      domain = requiredText(entry, "domain");
      operation = requiredText(entry, "operation");
      content = requiredText(entry, "content");
    } catch (MalformedInputException e) {
      // Upstream answers a malformed entry with 500 and its parse error.
      return ApiResponse.text(500, "Illegal AAEL entry format: " + e.getMessage());
    }
    return call(() -> ApiResponse.json(switch (agent.extendRuntimeMeasurement(domain, operation, content)) {
      case OK -> "{\"success\":\"true\"}";
      case NOT_SUPPORTED -> "{\"success\":\"false\",\"message\": \"The platform does not support runtime measurement\"}";
      case NOT_ENABLED -> "{\"success\":\"false\",\"message\": \"Attestation Agent does not enable eventlog recording\"}";
    }), "extend AAEL entry");
  }

  private static String requiredText(JsonNode entry, String name) throws MalformedInputException {
    JsonNode value = entry.isObject() ? entry.get(name) : null;
    if (value == null || !value.isTextual()) {
      throw new MalformedInputException("missing string field `" + name + "`");
    }
    return value.textValue();
  }

  private static ApiResponse resource(ResourceProvider provider, String method, String rawPath) {
    if (!rawPath.startsWith(RESOURCE_PREFIX)) {
      return ApiResponse.notFound();
    }
    if (!method.equals("GET")) {
      return ApiResponse.notAllowed();
    }
    String path = rawPath.substring(RESOURCE_PREFIX.length());
    if (!RESOURCE.matcher(path).matches()) {
      return ApiResponse.badRequest();
    }
    return call(() -> {
      try (SecretBytes resource = provider.getResource("kbs:///" + path)) {
        return ApiResponse.secret(resource);
      }
    }, "get resource " + path);
  }

  @FunctionalInterface
  private interface Call {
    ApiResponse run() throws AgentApiException;
  }

  /** Backend failures become upstream's 500 with the error text; anything else a fixed text. */
  private static ApiResponse call(Call call, String what) {
    try {
      return call.run();
    } catch (AgentApiException e) {
      LOG.warn("failed to {}: {}", what, e.getMessage());
      return ApiResponse.text(500, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("failed to {}: unexpected {}", what, e.getClass().getName());
      return ApiResponse.text(500, "internal error");
    }
  }

  /** {@code application/x-www-form-urlencoded} parameters; the last of repeated names wins. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
