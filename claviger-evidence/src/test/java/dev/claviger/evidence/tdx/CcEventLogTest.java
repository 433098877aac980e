package dev.claviger.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.dcap.DcapCorpus;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRegistry;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import dev.claviger.evidence.dcap.internal.TdReport;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tdx.internal.UefiEventClaims;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CcEventLogTest {
  private static byte[] ccel() {
    return DcapCorpus.bytes("tdx/go-tdx-guest/ccel/ccel_data.dat");
  }

  @Test
  void replayRtmrs_gceLog_equalsQuoteRtmrs() throws Exception {
    CcEventLog log = CcEventLog.parse(ccel());
    Quote q = QuoteParser.parse(DcapCorpus.quote("tdx/go-tdx-guest/ccel/cos-113-tdx-quote.dat"));
    byte[][] rtmr = log.replayRtmrs();
    for (int i = 0; i < 4; i++) {
      assertThat(Hex.encode(rtmr[i])).as("RTMR" + i).isEqualTo(Hex.encode(q.bodyField(TdReport.RTMR0 + 48 * i, 48)));
    }
    assertThat(log.events()).hasSizeGreaterThan(10);
  }

  @Test
  void uefiEventClaims_gceLog_upstreamShape() throws Exception {
    JsonNode events = UefiEventClaims.of(CcEventLog.parse(ccel()));
    JsonNode first = events.get(0);
    assertThat(first.has("index")).isTrue();
    assertThat(first.get("type_name").asText()).startsWith("EV_");
    assertThat(first.at("/digests/0/alg").asText()).isEqualTo("SHA-384");
    assertThat(first.at("/digests/0/digest").asText()).hasSize(96);
    assertThat(first.has("event")).isTrue();
    assertThat(first.has("digest_matches_event")).isTrue();
    boolean separatorMatches = false;
    boolean kernelFile = false;
    for (JsonNode e : events) {
      if (e.get("type_name").asText().equals("EV_SEPARATOR")) {
        separatorMatches |= e.get("digest_matches_event").asBoolean();
      }
      for (JsonNode p : e.at("/details/device_paths")) {
        kernelFile |= p.asText().startsWith("File(");
      }
    }
    assertThat(separatorMatches).isTrue();
    assertThat(kernelFile).as("some boot application has a File() device path node").isTrue();
  }

  @Test
  void parse_truncations_typedErrorOrShorterLog() {
    byte[] full = ccel();
    for (int len = 0; len < 4096; len += 7) {
      try {
        CcEventLog.parse(Arrays.copyOf(full, len));
      } catch (CcelFormatException expected) {
        // typed error only
      }
    }
  }

  @Test
  void parse_randomMutations_onlyTypedErrors() {
    byte[] full = Arrays.copyOf(ccel(), 8192);
    Random r = new Random(7);
    for (int i = 0; i < 5000; i++) {
      byte[] b = full.clone();
      for (int k = 0; k < 4; k++) {
        b[r.nextInt(2048)] = (byte) r.nextInt(256);
      }
      try {
        CcEventLog.parse(b).replayRtmrs();
      } catch (CcelFormatException expected) {
        // typed error only
      }
    }
  }

  @Test
  void parse_notCryptoAgile_rejected() {
    byte[] b = ccel();
    b[32] = 'X';
    assertThatThrownBy(() -> CcEventLog.parse(b)).isInstanceOf(CcelFormatException.class);
  }

  @Test
  void tdxVerifier_logFromAnotherTd_eventLogMismatch() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("quote", Base64.getEncoder().encodeToString(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote")));
    n.put("cc_eventlog", Base64.getEncoder().encodeToString(ccel()));
    assertThatThrownBy(() -> DcapRegistry.load(DcapRegistry.config("tdx/dcap-qvl")).verify(new Evidence(Tee.TDX, n),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, Instant.parse("2025-07-19T10:00:34Z")))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.EVENT_LOG_MISMATCH));
  }

  @Test
  void tdxVerifier_garbageLog_malformedEvidence() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("quote", Base64.getEncoder().encodeToString(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote")));
    n.put("cc_eventlog", "AAAA");
    assertThatThrownBy(() -> DcapRegistry.load(DcapRegistry.config("tdx/dcap-qvl")).verify(new Evidence(Tee.TDX, n),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, Instant.parse("2025-07-19T10:00:34Z")))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.MALFORMED_EVIDENCE));
  }
}
