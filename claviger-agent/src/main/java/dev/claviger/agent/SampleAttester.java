package dev.claviger.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Objects;

/**
 * The upstream "sample" TEE: no hardware, no signature. Evidence is exactly what
 * guest-components' sample attester emits, {@code {"svn":"1","report_data":"<std base64>"}}.
 *
 * <p>It proves nothing about the platform; it exists for development and end-to-end tests. The
 * verifier side accepts it only when the sample verifier is explicitly enabled, and the default
 * policies do not trust it.
 */
public final class SampleAttester implements Attester {

  /** Upstream rejects nothing, but a bound keeps a misuse from building huge evidence. */
  static final int MAX_REPORT_DATA = 1024;

  public static final String TEE = "sample";

  @Override
  public String tee() {
    return TEE;
  }

  @Override
  public JsonNode evidence(byte[] reportData) throws AttesterException {
    Objects.requireNonNull(reportData, "reportData");
    if (reportData.length > MAX_REPORT_DATA) {
      throw new AttesterException(
          "sample report data is " + reportData.length + " bytes, limit " + MAX_REPORT_DATA);
    }
    ObjectNode evidence = JsonNodeFactory.instance.objectNode();
    evidence.put("svn", "1");
    // Upstream uses base64 STANDARD (with padding); a 48-byte SHA-384 digest needs none.
    evidence.put("report_data", Base64.getEncoder().encodeToString(reportData));
    return evidence;
  }

  @Override
  public String toString() {
    return "SampleAttester";
  }
}
