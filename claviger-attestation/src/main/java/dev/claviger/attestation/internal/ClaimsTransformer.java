package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.DeviceClaims;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;

/**
 * Upstream's {@code transform_claims}: the verifier's claims go under the TEE's wire name, while
 * {@code report_data} and {@code init_data} are lifted to the top level together with
 * {@code runtime_data_claims} and {@code init_data_claims}. The result is both the policy input
 * and the EAR's {@code ear.veraison.annotated-evidence}.
 *
 * <p>Unlike upstream, runtime/init-data claims carry the guest's data only when the verifier
 * recorded that it checked the corresponding binding; otherwise they are {@code null}, so
 * unverified guest input never reaches a policy.
 */
final class ClaimsTransformer {
  private ClaimsTransformer() {}

  /**
   * @param runtimeDataClaims the structured runtime data, or null when none / raw
   * @param initDataClaims the init-data claims, or null when none / digest only
   */
  static ObjectNode transform(
      VerifiedEvidence verified, DeviceClaims device, JsonNode runtimeDataClaims,
      JsonNode initDataClaims, boolean verbose) {
    ObjectNode claims = (ObjectNode) device.claims();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    JsonNode initData = claims.remove("init_data");
    boolean initBound = verified.initDataHex().isPresent();
    if (initBound || initData != null) {
      out.set("init_data", lifted(initData, verified.initDataHex().orElse(null)));
      out.set("init_data_claims", initBound && initDataClaims != null
          ? initDataClaims : NullNode.getInstance());
    }
    JsonNode reportData = claims.remove("report_data");
    boolean reportBound = verified.reportDataHex().isPresent();
    if (reportBound || reportData != null) {
      out.set("report_data", lifted(reportData, verified.reportDataHex().orElse(null)));
      out.set("runtime_data_claims", reportBound
          ? runtimeClaims(runtimeDataClaims, verbose) : NullNode.getInstance());
    }
    out.set(teeName(verified.tee()), claims);
    return out;
  }

  /** The verifier's own rendering (hex or base64, per TEE), else the bound bytes as hex. */
  private static JsonNode lifted(JsonNode claim, String hexFallback) {
    if (claim != null && !claim.isNull()) {
      return claim;
    }
    return hexFallback == null ? NullNode.getInstance()
        : com.fasterxml.jackson.databind.node.TextNode.valueOf(hexFallback);
  }

  /** Large device evidence can overflow HTTP header limits, so it is dropped unless verbose. */
  private static JsonNode runtimeClaims(JsonNode runtimeDataClaims, boolean verbose) {
    if (runtimeDataClaims == null) {
      return NullNode.getInstance();
    }
    JsonNode copy = runtimeDataClaims.deepCopy();
    if (!verbose && copy instanceof ObjectNode o) {
      o.remove("additional-evidence");
    }
    return copy;
  }

  private static String teeName(Tee tee) {
    return tee.wireName();
  }
}
