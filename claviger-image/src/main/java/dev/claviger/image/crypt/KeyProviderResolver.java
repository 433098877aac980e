package dev.claviger.image.crypt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.CryptJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens {@code org.opencontainers.image.enc.keys.provider.<name>} through an ocicrypt key provider
 * speaking the keyprovider JSON protocol: for each comma-separated packet it sends {@code
 * {"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},"keyunwrapparams":{"dc":{"Parameters":{}},
 * "annotation":"<b64>"}}} and expects {@code {"keyunwrapresults":{"optsdata":<b64 or byte
 * array>}}}. Like Go ocicrypt (and unlike ocicrypt-rs) the provider name must match.
 */
public final class KeyProviderResolver implements LayerKeyResolver {
  /** The {@code UnWrapKey} call: protocol JSON in, protocol JSON out. */
  @FunctionalInterface
  public interface KeyUnwrapper {
    byte[] unwrapKey(byte[] keyProviderInputJson) throws Exception;
  }

  /** Upper bound on comma-separated packets: each one may cost a KBS round trip. */
  public static final int MAX_PACKETS = 16;
  private final String name;
  private final KeyUnwrapper unwrapper;

  public KeyProviderResolver(String name, KeyUnwrapper unwrapper) {
    this.name = Objects.requireNonNull(name, "name");
    this.unwrapper = Objects.requireNonNull(unwrapper, "unwrapper");
  }

  /** The confidential data hub as provider {@code attestation-agent} (KBS keys after attestation). */
  public static KeyProviderResolver of(ConfidentialDataHub hub) {
    Objects.requireNonNull(hub, "hub");
    return new KeyProviderResolver(EncAnnotations.ATTESTATION_AGENT, hub::unwrapKey);
  }

  @Override
  public Optional<PrivateLayerOptions> resolve(Map<String, String> annotations) throws ImageCryptException {
    String value = annotations.get(EncAnnotations.provider(name));
    if (value == null) {
      return Optional.empty();
    }
    String[] packets = value.split(",", -1);
    if (packets.length > MAX_PACKETS) {
      throw CryptJson.malformed("more than " + MAX_PACKETS + " packets in " + EncAnnotations.provider(name));
    }
    ImageCryptException last = null;
    for (String packet : packets) {
      CryptJson.stdBase64(packet, EncAnnotations.provider(name));
      try {
        return Optional.of(PrivateLayerOptions.parse(call(packet)));
      } catch (ImageCryptException e) {
        last = e;
      }
    }
    throw last;
  }

  private SecretBytes call(String packetB64) throws ImageCryptException {
    String request = "{\"op\":\"keyunwrap\",\"keywrapparams\":{\"ec\":null,\"optsdata\":null},"
        + "\"keyunwrapparams\":{\"dc\":{\"Parameters\":{}},\"annotation\":\"" + packetB64 + "\"}}";
    byte[] response;
    try {
      response = unwrapper.unwrapKey(request.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new ImageCryptException(Reason.KEY_PROVIDER,
          "key provider '" + name + "' could not unwrap the layer key: " + e.getMessage(), e);
    }
    try {
      JsonNode results = CryptJson.parseObject(response, "keyprovider response").get("keyunwrapresults");
      if (results == null || !results.has("optsdata")) {
        throw new ImageCryptException(Reason.KEY_PROVIDER, "key provider response lacks keyunwrapresults.optsdata");
      }
      return SecretBytes.wrapOwned(bytes(results.get("optsdata")));
    } finally {
      Arrays.fill(response, (byte) 0);
    }
  }

  /** Go writes {@code []byte} as base64, the Rust side as an array of numbers: accept both. */
  private static byte[] bytes(JsonNode node) throws ImageCryptException {
    if (node.isTextual()) {
      return CryptJson.stdBase64(node.textValue(), "optsdata");
    }
    if (!node.isArray() || node.size() > CryptJson.MAX_DOCUMENT) {
      throw new ImageCryptException(Reason.KEY_PROVIDER, "optsdata must be base64 or a byte array");
    }
    byte[] out = new byte[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode n = node.get(i);
      if (!n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 255 || !n.isIntegralNumber()) {
        Arrays.fill(out, (byte) 0);
        throw new ImageCryptException(Reason.KEY_PROVIDER, "optsdata array must hold bytes 0..255");
      }
      out[i] = (byte) n.intValue();
    }
    return out;
  }

  @Override
  public String toString() {
    return "KeyProviderResolver[" + name + "]";
  }
}
