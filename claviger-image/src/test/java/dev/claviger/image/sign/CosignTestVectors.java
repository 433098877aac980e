package dev.claviger.image.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Reads containers/image's dir: format for sigstore signatures: "\0sigstore-json\n" + JSON. */
public final class CosignTestVectors {
  private CosignTestVectors() {}

  public static CosignSignature upstreamLayer(String path) throws Exception {
    byte[] blob = Vectors.containersImage(path);
    byte[] prefix = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
    if (!Arrays.equals(Arrays.copyOf(blob, prefix.length), prefix)) {
      throw new IllegalStateException(path + " is not a sigstore-json signature");
    }
    JsonNode j = Json.parse(Arrays.copyOfRange(blob, prefix.length, blob.length));
    Map<String, String> ann = Map.of(Cosign.SIGNATURE_ANNOTATION,
        j.get("annotations").get(Cosign.SIGNATURE_ANNOTATION).textValue());
    return new CosignSignature(j.get("mimeType").textValue(),
        Base64.getDecoder().decode(j.get("payload").textValue()), ann);
  }
}
