package dev.claviger.agent.cdh.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import java.util.Map;

/** Limits and writers for sealed-secret payload JSON (upstream serde member order). */
public final class PayloadJson {
  /** Kubernetes caps a secret at 1 MiB; a payload cannot usefully be larger. */
  public static final int MAX_BYTES = 1024 * 1024;

  public static final ObjectMapper MAPPER = JsonFields.mapper(MAX_BYTES);

  private PayloadJson() {}

  public static ObjectNode header(String version, String type) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("version", version);
    o.put("type", type);
    return o;
  }

  public static void tail(
      ObjectNode o, String provider, Map<String, String> settings, Map<String, String> ann) {
    o.put("provider", provider);
    ObjectNode s = o.putObject("provider_settings");
    settings.forEach(s::put);
    ObjectNode a = o.putObject("annotations");
    ann.forEach(a::put);
  }
}
