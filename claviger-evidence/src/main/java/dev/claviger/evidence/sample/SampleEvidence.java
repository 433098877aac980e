package dev.claviger.evidence.sample;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.EvidenceRejectedException;
import java.util.Base64;

/**
 * The sample attesters' evidence: {@code {"svn":"1","report_data":"<std base64>"}}. Unknown
 * members are ignored and a missing {@code report_data} reads as empty, as upstream's serde does.
 */
record SampleEvidence(String svn, String reportDataBase64) {
  static final int MAX_SVN_CHARS = 64;
  /** Far above any real binding (a SHA-512 digest is 88 base64 characters). */
  static final int MAX_REPORT_DATA_CHARS = 1024;

  static SampleEvidence parse(String what, JsonNode json) throws EvidenceRejectedException {
    if (json == null || !json.isObject()) {
      throw new EvidenceRejectedException(what + " evidence must be a JSON object");
    }
    JsonNode svn = json.get("svn");
    if (svn == null || !svn.isTextual()) {
      throw new EvidenceRejectedException(what + " evidence: 'svn' must be a string");
    }
    if (svn.textValue().length() > MAX_SVN_CHARS) {
      throw new EvidenceRejectedException(what + " evidence: 'svn' longer than " + MAX_SVN_CHARS);
    }
    JsonNode rd = json.get("report_data");
    if (rd != null && !rd.isTextual()) {
      throw new EvidenceRejectedException(what + " evidence: 'report_data' must be a string");
    }
    String rdText = rd == null ? "" : rd.textValue();
    if (rdText.length() > MAX_REPORT_DATA_CHARS) {
      throw new EvidenceRejectedException(
          what + " evidence: 'report_data' longer than " + MAX_REPORT_DATA_CHARS + " characters");
    }
    return new SampleEvidence(svn.textValue(), rdText);
  }

  /** Strict standard base64 with padding, as Rust's {@code STANDARD} engine decodes. */
  byte[] reportData(String what) throws EvidenceRejectedException {
    if (reportDataBase64.length() % 4 != 0) {
      throw new EvidenceRejectedException(what + " evidence: 'report_data' is not padded standard base64");
    }
    try {
      return Base64.getDecoder().decode(reportDataBase64);
    } catch (IllegalArgumentException e) {
      throw new EvidenceRejectedException(what + " evidence: 'report_data' is not standard base64");
    }
  }
}
