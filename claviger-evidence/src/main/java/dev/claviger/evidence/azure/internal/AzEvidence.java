package dev.claviger.evidence.azure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.internal.JsonIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's {@code az-snp-vtpm} / {@code az-tdx-vtpm} evidence, all versions:
 * <ul>
 * <li>v0 (no {@code version}): SNP {@code {"quote":Q0,"report":[u8],"vcek":"PEM"}}, TDX
 *     {@code {"tpm_quote":Q0,"hcl_report":[u8],"td_quote":[u8]}}, where Q0 is az-cvm-vtpm's
 *     serde form {@code {"signature":[u8],"message":[u8],"pcrs":[[u8;32]..]}};</li>
 * <li>v1/v2: {@code {"version":n,"tpm_quote":{"signature":hex,"message":hex,"pcrs":[hex..]},
 *     "hcl_report":b64url,"vcek"|"td_quote":b64url}}.</li>
 * </ul>
 * The quote's signature is a bare RSASSA-PKCS1-v1_5/SHA-256 signature, not a TPMT_SIGNATURE.
 *
 * @param version 0, 1 or 2
 * @param signature the bare quote signature
 * @param message the TPMS_ATTEST
 * @param pcrs the SHA-256 PCR values
 * @param hclReport the HCL report bytes
 * @param endorsement the VCEK (SNP; DER, or PEM text bytes for v0) or TD quote (TDX)
 */
public record AzEvidence(int version, byte[] signature, byte[] message, List<byte[]> pcrs,
    byte[] hclReport, Optional<byte[]> endorsement) {
  static final int MAX_SIG = 2048;
  static final int MAX_MSG = 1024;
  static final int MAX_PCRS = 24;
  static final int MAX_BLOB = 64 * 1024;

  public static AzEvidence parse(JsonNode json, boolean snp) throws TpmFormatException {
    JsonIn.object(json, "Azure vTPM evidence");
    JsonNode v = json.get("version");
    if (v == null || v.isNull()) {
      return v0(json, snp);
    }
    if (!v.isInt() || v.intValue() < 1 || v.intValue() > 2) {
      throw new TpmFormatException("unsupported evidence version " + v);
    }
    JsonNode q = JsonIn.object(json.get("tpm_quote"), "'tpm_quote'");
    byte[] sig = JsonIn.hex(q, "signature", MAX_SIG);
    byte[] msg = JsonIn.hex(q, "message", MAX_MSG);
    List<byte[]> pcrs = new ArrayList<>();
    for (JsonNode p : JsonIn.array(q, "pcrs", MAX_PCRS)) {
      if (!p.isTextual() || p.textValue().length() != 64) {
        throw new TpmFormatException("'pcrs' entries must be 64 hex digits");
      }
      pcrs.add(JsonIn.hexText(p.textValue(), "pcrs"));
    }
    byte[] hcl = url64(json, "hcl_report");
    String endorse = snp ? "vcek" : "td_quote";
    Optional<byte[]> e = json.hasNonNull(endorse) ? Optional.of(url64(json, endorse))
        : Optional.empty();
    return new AzEvidence(v.intValue(), sig, msg, pcrs, hcl, e);
  }

  private static AzEvidence v0(JsonNode json, boolean snp) throws TpmFormatException {
    JsonNode q = JsonIn.object(json.get(snp ? "quote" : "tpm_quote"), "quote");
    byte[] sig = JsonIn.byteArray(q.get("signature"), "signature", MAX_SIG);
    byte[] msg = JsonIn.byteArray(q.get("message"), "message", MAX_MSG);
    List<byte[]> pcrs = new ArrayList<>();
    for (JsonNode p : JsonIn.array(q, "pcrs", MAX_PCRS)) {
      byte[] b = JsonIn.byteArray(p, "pcrs", 32);
      if (b.length != 32) {
        throw new TpmFormatException("'pcrs' entries must be 32 bytes");
      }
      pcrs.add(b);
    }
    byte[] hcl = JsonIn.byteArray(json.get(snp ? "report" : "hcl_report"), "report", MAX_BLOB);
    Optional<byte[]> e;
    if (snp) {
      e = json.hasNonNull("vcek")
          ? Optional.of(JsonIn.text(json, "vcek", MAX_BLOB).getBytes(
              java.nio.charset.StandardCharsets.US_ASCII)) : Optional.empty();
    } else {
      e = json.hasNonNull("td_quote")
          ? Optional.of(JsonIn.byteArray(json.get("td_quote"), "td_quote", MAX_BLOB))
          : Optional.empty();
    }
    return new AzEvidence(0, sig, msg, pcrs, hcl, e);
  }

  /** URL-safe base64; upstream writes it padded, other encoders do not. */
  private static byte[] url64(JsonNode json, String field) throws TpmFormatException {
    String t = JsonIn.text(json, field, MAX_BLOB * 2);
    try {
      return t.endsWith("=") || t.length() % 4 == 0 ? Base64s.decodeUrl(t)
          : Base64s.decodeUrlNoPad(t);
    } catch (MalformedInputException e) {
      throw new TpmFormatException("'" + field + "': " + e.getMessage());
    }
  }
}
