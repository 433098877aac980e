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
 * <p>Unlike upstream, runtime/init-data claims are added only when the verifier recorded that it
 * checked the corresponding binding, so unverified guest input never reaches a policy.
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
    if (verified.initDataHex().isPresent()) {
      out.put("init_data", text(initData, verified.initDataHex().get()));
      out.set("init_data_claims", initDataClaims == null ? NullNode.getInstance() : initDataClaims);
    } else if (initData != null) {
      out.set("init_data", initData);
    }
    JsonNode reportData = claims.remove("report_data");
    if (verified.reportDataHex().isPresent()) {
      out.put("report_data", text(reportData, verified.reportDataHex().get()));
      out.set("runtime_data_claims", runtimeClaims(runtimeDataClaims, verbose));
    } else if (reportData != null) {
      out.set("report_data", reportData);
    }
    out.set(teeName(verified.tee()), claims);
    return out;
  }

  private static String text(JsonNode claim, String hexFallback) {
    return claim != null && claim.isTextual() ? claim.textValue() : hexFallback;
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
