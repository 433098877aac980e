package dev.claviger.agent.cdh.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;

/**
 * The ocicrypt keyprovider JSON protocol ({@code KeyProviderKeyWrapProtocolInput/Output}), unwrap
 * side. Byte fields arrive as base64 (Go) or number arrays (Rust); the answer uses base64, which Go
 * ocicrypt and ocicrypt-rs both read.
 */
public final class KeyProviderMessages {
  /** Inputs carry one annotation packet of a few hundred bytes plus decrypt parameters. */
  public static final int MAX_INPUT_BYTES = 1024 * 1024;

  private static final ObjectMapper MAPPER = JsonFields.mapper(MAX_INPUT_BYTES);
  private static final String WHAT = "keyprovider input";

  private KeyProviderMessages() {}

  /** The annotation packet bytes of a {@code keyunwrap} request. */
  public static byte[] annotationOf(byte[] input) throws CdhException {
    JsonNode o = JsonFields.parseObject(MAPPER, input, MAX_INPUT_BYTES, WHAT);
    String op = JsonFields.requiredString(o, "op", WHAT);
    if (op.equals("keywrap")) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "keyprovider op 'keywrap' is not served by the data hub (wrap with claviger-image)");
    }
    if (!op.equals("keyunwrap")) {
      throw JsonFields.malformed(WHAT + ": unknown op '" + op + "'");
    }
    JsonNode params = o.get("keyunwrapparams");
    if (params == null || !params.isObject()) {
      throw JsonFields.malformed(WHAT + ": 'keyunwrapparams' must be an object");
    }
    return JsonFields.bytesField(params, "annotation", WHAT)
        .orElseThrow(() -> JsonFields.malformed(WHAT + ": no annotation packet given"));
  }

  /** {@code {"keyunwrapresults":{"optsdata":"<std b64>"}}}. */
  public static byte[] unwrapOutput(byte[] optsData) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.putObject("keyunwrapresults").put("optsdata", Base64s.encodeStd(optsData));
    return Json.writeBytes(root);
  }
}
