package dev.claviger.agent.cdh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Upstream examples read in place from {@code <claviger.shared>/reference/guest-components.md}
 * (never copied into the repository): the signed sealed-secret token of §3.2, the public half of
 * upstream's test-key.json as it appears in the §2.3 worked vector, and the decrypted layer options
 * of §7. Skips when the document is absent, fails under CI=true.
 */
final class GuestComponentsDoc {
  private GuestComponentsDoc() {}

  static List<String> lines() {
    // the property (set by surefire) wins; otherwise ../shared relative to the reactor root,
    // which is ../../shared from a module directory
    String prop = System.getProperty("claviger.shared");
    Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    if (prop == null && !Files.isDirectory(dir)) {
      dir = Path.of("..", "shared");
    }
    Path doc = dir.resolve("reference/guest-components.md");
    if (!Files.isRegularFile(doc)) {
      String msg = "reference document not found at " + doc.toAbsolutePath() + " (set -Dclaviger.shared)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg);
    }
    try {
      return Files.readAllLines(doc, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + doc, e);
    }
  }

  /** §3.2: the verified example token, the line starting {@code sealed.eyJ}. */
  static String sealedExample() {
    return lines().stream().map(String::strip).filter(l -> l.startsWith("sealed.eyJ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no sealed.eyJ line in guest-components.md"));
  }

  /** §2.3: a P-256 public JWK built from the x and y of the {@code JCS(primary)} line's tee-pubkey. */
  static String testKeyPublicJwk() {
    String line = lines().stream().map(String::strip).filter(l -> l.startsWith("JCS(primary) ="))
        .findFirst().orElseThrow(() -> new IllegalStateException("no JCS(primary) line"));
    JsonNode key = parse(line.substring(line.indexOf('{'))).get("tee-pubkey");
    return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + key.get("x").textValue() + "\",\"y\":\""
        + key.get("y").textValue() + "\"}";
  }

  /** §7: the decrypted options JSON of upstream's sample annotation packet (digest abbreviated). */
  static JsonNode sampleOptsData() {
    String row = lines().stream().filter(l -> l.contains("sample_kbc_annotation.json")
        && l.contains("{\"symkey\"")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no sample_kbc_annotation row in §7"));
    int start = row.indexOf("{\"symkey\"");
    int end = row.indexOf("}}", start) + 2;
    return parse(row.substring(start, end));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("guest-components.md: not JSON: " + json, e);
    }
  }
}
