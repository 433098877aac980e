package dev.claviger.agent.cdh;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.ResourcePath;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer targets for the data hub's parsers: whatever the input, the only permitted failure is a
 * {@link CdhException} (or {@link IllegalArgumentException} for {@link ResourcePath#parse}); any
 * other exception escapes to Jazzer as a finding. Plain {@code mvn test} runs each target on its
 * seeds only; JAZZER_FUZZ=1 fuzzes for maxDuration.
 *
 * <p>Random bytes rarely get past a JSON parser, so the structured targets build well-formed
 * envelopes around fuzzed members and let the fuzzer pick each member's content and type.
 */
class CdhFuzzTest {
  private static final ConfidentialDataHub HUB =
      ConfidentialDataHub.builder(
              path ->
                  path.equals(new ResourcePath("default", "key", "1"))
                      ? SecretBytes.copyOf(CdhTestVectors.TEST_KEK)
                      : SecretBytes.copyOf(
                          CdhTestVectors.TEST_KEY_PUBLIC.getBytes(StandardCharsets.UTF_8)))
          .envelopeKms("aliyun", (ct, keyId, ann) -> SecretBytes.copyOf(ct))
          .skipSealedSecretVerification(false)
          .build();

  @FuzzTest(maxDuration = "30s")
  void keyProviderInput_structured_onlyTypedErrors(FuzzedDataProvider data) {
    ObjectNode packet = Json.mapper().createObjectNode();
    for (String name :
        new String[] {"kid", "wrapped_data", "iv", "wrap_type", "version", "provider"}) {
      putFuzzed(packet, name, data);
    }
    byte[] annotation = Json.writeBytes(packet);
    ObjectNode req = Json.mapper().createObjectNode();
    req.put("op", data.consumeBoolean() ? "keyunwrap" : data.consumeString(10));
    ObjectNode params = req.putObject("keyunwrapparams");
    if (data.consumeBoolean()) {
      params.put("annotation", Base64s.encodeStd(annotation));
    } else {
      ArrayNode arr = params.putArray("annotation");
      for (byte b : annotation) {
        arr.add(data.consumeBoolean() ? b & 0xff : data.consumeInt(-2, 300));
      }
    }
    try {
      HUB.unwrapKey(Json.writeBytes(req));
    } catch (CdhException expected) {
      // the only permitted failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void sealedSecret_structured_onlyTypedErrors(FuzzedDataProvider data) {
    ObjectNode header = Json.mapper().createObjectNode();
    header.put("alg", data.consumeBoolean() ? "ES256" : data.consumeString(8));
    putFuzzed(header, "kid", data);
    ObjectNode payload = Json.mapper().createObjectNode();
    for (String name :
        new String[] {"version", "type", "name", "provider", "key_id", "encrypted_key",
            "encrypted_data", "wrap_type", "iv", "annotations"}) {
      putFuzzed(payload, name, data);
    }
    String sealed =
        "sealed."
            + Base64s.encodeUrlNoPad(Json.writeBytes(header))
            + "."
            + Base64s.encodeUrlNoPad(Json.writeBytes(payload))
            + "."
            + Base64s.encodeUrlNoPad(data.consumeBytes(80));
    try {
      SealedSecret.parseWithoutVerification(sealed);
    } catch (CdhException expected) {
      // the only permitted failure
    }
    try {
      HUB.unsealSecret(sealed);
    } catch (CdhException expected) {
      // the only permitted failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void sealedSecret_arbitraryText_onlyTypedErrors(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    for (String candidate : new String[] {text, "sealed." + text}) {
      try {
        HUB.unsealSecret(candidate);
      } catch (CdhException expected) {
        // the only permitted failure
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void resourcePath_arbitraryText_onlyIllegalArgument(FuzzedDataProvider data) {
    try {
      ResourcePath.parse(data.consumeRemainingAsString());
    } catch (IllegalArgumentException expected) {
      // the only permitted failure
    }
  }

  /** Absent, a string, a number, an object, or base64 of fuzzed bytes. */
  private static void putFuzzed(ObjectNode o, String name, FuzzedDataProvider data) {
    switch (data.consumeInt(0, 5)) {
      case 0 -> { }
      case 1 -> o.put(name, data.consumeString(64));
      case 2 -> o.put(name, data.consumeInt());
      case 3 -> o.putObject(name).put(data.consumeString(8), data.consumeString(8));
      case 4 -> o.put(name, Base64s.encodeStd(data.consumeBytes(64)));
      default -> o.put(name, pick(data));
    }
  }

  /** Values the parsers branch on, so the fuzzer reaches the code behind them. */
  private static String pick(FuzzedDataProvider data) {
    return data.pickValue(
        new String[] {"0.1.0", "kbs", "vault", "envelope", "A256GCM", "A256CTR", "aliyun",
            "kbs:///default/key/1", "kbs+pkcs11:///a/b/c", "test-key", "../x"});
  }
}
