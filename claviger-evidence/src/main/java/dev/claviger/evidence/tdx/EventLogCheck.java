package dev.claviger.evidence.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.TdReport;
import dev.claviger.evidence.tdx.internal.AaelMismatchException;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tdx.internal.UefiEventClaims;
import java.security.MessageDigest;

/**
 * Replays the evidence's {@code cc_eventlog} (the CCEL area, then the Attestation Agent's AAEL
 * entries, then an end marker) against the quote's RTMRs and adds its {@code uefi_event_logs} claim.
 */
final class EventLogCheck {
  private EventLogCheck() {}

  static void apply(JsonNode evidence, Quote q, ObjectNode claims) throws DcapRejectedException {
    JsonNode log = evidence.get("cc_eventlog");
    if (log == null || log.isNull() || log.isTextual() && log.asText().isEmpty()) {
      return; // upstream treats an absent or empty log alike (and only warns)
    }
    if (!log.isTextual() || log.asText().length() > CcEventLog.MAX_BYTES / 3 * 4 + 4) {
      throw new DcapRejectedException(DcapError.MALFORMED_EVIDENCE, "cc_eventlog is not a bounded base64 string");
    }
    byte[] raw;
    try {
      raw = Base64s.decodeLenient(log.asText());
    } catch (MalformedInputException e) {
      throw new DcapRejectedException(DcapError.MALFORMED_EVIDENCE, "cc_eventlog: " + e.getMessage());
    }
    byte[][] quoted = new byte[4][];
    for (int i = 0; i < 4; i++) {
      quoted[i] = q.bodyField(TdReport.RTMR0 + 48 * i, 48);
    }
    claims.set("uefi_event_logs", check(raw, quoted));
  }

  /**
   * Parses the log, checks that every AAEL entry (and RTMR3 event) is measured, replays RTMR0-3 and compares them with
   * {@code quotedRtmrs}; returns the {@code uefi_event_logs} claim.
   */
  static ArrayNode check(byte[] log, byte[][] quotedRtmrs) throws DcapRejectedException {
    CcEventLog parsed;
    try {
      parsed = CcEventLog.parse(log);
      parsed.checkRuntimeEvents();
    } catch (CcelFormatException e) {
      throw new DcapRejectedException(DcapError.MALFORMED_EVIDENCE, "cc_eventlog: " + e.getMessage());
    } catch (AaelMismatchException e) {
      throw new DcapRejectedException(DcapError.EVENT_LOG_MISMATCH, "cc_eventlog: " + e.getMessage());
    }
    byte[][] rtmr = parsed.replayRtmrs();
    for (int i = 0; i < 4; i++) {
      if (!MessageDigest.isEqual(quotedRtmrs[i], rtmr[i])) {
        throw new DcapRejectedException(DcapError.EVENT_LOG_MISMATCH, "RTMR" + i + " replays to "
            + Hex.encode(rtmr[i]) + ", the quote has " + Hex.encode(quotedRtmrs[i]));
      }
    }
    try {
      return UefiEventClaims.of(parsed);
    } catch (CcelFormatException e) {
      throw new DcapRejectedException(DcapError.MALFORMED_EVIDENCE, "cc_eventlog: " + e.getMessage());
    }
  }
}
