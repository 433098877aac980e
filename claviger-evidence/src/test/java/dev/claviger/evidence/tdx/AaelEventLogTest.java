package dev.claviger.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.tdx.internal.AaelEvent;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AAEL entries in a TDX CC event log as the guest sends it: the firmware's CCEL, the Attestation
 * Agent's EV_EVENT_TAG records, then the end marker ({@link CcelBuilder}).
 */
class AaelEventLogTest {
  private static final String PULL = "{\"image\":\"quay.io/x/y:1\", \"digest\":\"sha256:ab12\"}";

  /** Firmware events in RTMR0 and RTMR1, then two AAEL entries (PCR 17 maps to RTMR3, index 4). */
  private static CcelBuilder firmwareLog() {
    return new CcelBuilder()
        .event(1, 4, new byte[4])
        .event(2, 0x80000007, "Calling EFI Application from Boot Option".getBytes(StandardCharsets.US_ASCII));
  }

  private static CcelBuilder.Log sample() {
    return firmwareLog()
        .aael("coco.com some-operation some content")
        .aael("github.com/confidential-containers PullImage " + PULL)
        .build();
  }

  private static DcapError rejection(byte[] log, byte[][] rtmrs) {
    try {
      EventLogCheck.check(log, rtmrs);
    } catch (DcapRejectedException e) {
      return e.error();
    }
    return null;
  }

  private static List<JsonNode> tags(ArrayNode events) {
    List<JsonNode> out = new ArrayList<>();
    events.forEach(e -> {
      if (e.get("type_name").asText().equals("EV_EVENT_TAG")) {
        out.add(e);
      }
    });
    return out;
  }

  @Test
  void check_ccelWithAaelEntries_acceptedWithUpstreamClaims() throws Exception {
    CcelBuilder.Log log = sample();
    ArrayNode events = EventLogCheck.check(log.bytes(), log.rtmrs());

    assertThat(events).hasSize(4);
    List<JsonNode> aael = tags(events);
    assertThat(aael).hasSize(2);
    JsonNode plain = aael.get(0);
    assertThat(plain.get("index").asInt()).isEqualTo(4);
    assertThat(plain.get("digest_matches_event").asBoolean()).isTrue();
    assertThat(plain.at("/digests/0/alg").asText()).isEqualTo("SHA-384");
    assertThat(plain.get("event").asText()).isEqualTo(Base64.getEncoder().encodeToString(
        CcelBuilder.tagged("coco.com some-operation some content".getBytes(StandardCharsets.UTF_8))));
    assertThat(plain.at("/details/string").asText()).isEqualTo("coco.com some-operation some content");
    assertThat(plain.at("/details/unicode_name").asText()).isEqualTo("AAEL");
    assertThat(plain.at("/details/data/domain").asText()).isEqualTo("coco.com");
    assertThat(plain.at("/details/data/operation").asText()).isEqualTo("some-operation");
    assertThat(plain.at("/details/data/content").isTextual()).isTrue();
    assertThat(plain.at("/details/data/content").asText()).isEqualTo("some content");
    JsonNode pull = aael.get(1);
    assertThat(pull.at("/details/data/domain").asText()).isEqualTo("github.com/confidential-containers");
    assertThat(pull.at("/details/data/operation").asText()).isEqualTo("PullImage");
    assertThat(pull.at("/details/data/content").isObject()).isTrue();
    assertThat(pull.at("/details/data/content/image").asText()).isEqualTo("quay.io/x/y:1");
    assertThat(pull.at("/details/data/content/digest").asText()).isEqualTo("sha256:ab12");
    assertThat(events.get(0).at("/details/unicode_name").isMissingNode()).isTrue();
    assertThat(CcEventLog.parse(log.bytes()).aaelEvents()).containsExactly(
        new AaelEvent("coco.com", "some-operation", "some content"),
        new AaelEvent("github.com/confidential-containers", "PullImage", PULL));
  }

  @Test
  void check_tamperedAaelText_eventLogMismatch() {
    CcelBuilder.Log log = sample();
    byte[] b = log.bytes().clone();
    int at = indexOf(b, "some-operation".getBytes(StandardCharsets.US_ASCII));
    b[at] = 'S'; // still a well-formed entry; only its digest betrays it (RTMRs still replay)

    assertThatThrownBy(() -> EventLogCheck.check(b, log.rtmrs()))
        .isInstanceOfSatisfying(DcapRejectedException.class, e -> {
          assertThat(e.error()).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
          assertThat(e.getMessage()).contains("AAEL");
        });
  }

  @Test
  void check_everyByteOfAaelEventsFlipped_rejected() {
    CcelBuilder.Log log = sample();
    byte[] full = log.bytes();
    for (int i = log.aaelStart(); i < full.length - 8; i++) {
      byte[] b = full.clone();
      b[i] ^= 0x01;
      assertThat(rejection(b, log.rtmrs())).as("byte %d flipped", i).isNotNull();
    }
  }

  @Test
  void check_truncatedAaelEntry_malformedEvidence() {
    CcelBuilder.Log log = sample();
    int cut = indexOf(log.bytes(), "PullImage".getBytes(StandardCharsets.US_ASCII));
    assertThat(rejection(Arrays.copyOf(log.bytes(), cut), log.rtmrs())).isEqualTo(DcapError.MALFORMED_EVIDENCE);
  }

  @Test
  void check_everyTruncationInsideAaelEvents_rejected() {
    CcelBuilder.Log log = sample();
    int end = log.bytes().length - 8;
    for (int len = log.aaelStart() + 1; len < end; len++) {
      assertThat(rejection(Arrays.copyOf(log.bytes(), len), log.rtmrs())).as("cut at %d", len).isNotNull();
    }
  }

  @Test
  void check_taggedSizeBeyondEventData_malformedEvidence() {
    byte[] data = CcelBuilder.tagged("a b c".getBytes(StandardCharsets.UTF_8));
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 6);
    CcelBuilder bld = firmwareLog();
    CcelBuilder.Log log = bld.event(4, 6, data).build();
    assertThat(rejection(log.bytes(), log.rtmrs())).isEqualTo(DcapError.MALFORMED_EVIDENCE);
  }

  @Test
  void check_aaelEntryNotInQuotedRtmr_eventLogMismatch() {
    CcelBuilder.Log quoted = sample();
    CcelBuilder.Log injected = firmwareLog()
        .aael("coco.com some-operation some content")
        .aael("github.com/confidential-containers PullImage " + PULL)
        .aael("evil.example grant everything")
        .build();
    assertThatThrownBy(() -> EventLogCheck.check(injected.bytes(), quoted.rtmrs()))
        .isInstanceOfSatisfying(DcapRejectedException.class, e -> {
          assertThat(e.error()).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
          assertThat(e.getMessage()).contains("RTMR3 replays to");
        });
  }

  @Test
  void check_aaelEntryRemoved_eventLogMismatch() {
    CcelBuilder.Log quoted = sample();
    CcelBuilder.Log shorter = firmwareLog().aael("coco.com some-operation some content").build();
    assertThat(rejection(shorter.bytes(), quoted.rtmrs())).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
  }

  @Test
  void check_aaelEntryWithoutDigest_eventLogMismatch() {
    CcelBuilder.Log log = firmwareLog()
        .raw(4, 6, List.of(), CcelBuilder.tagged("unmeasured.example inject text".getBytes(StandardCharsets.UTF_8)))
        .build();
    assertThatThrownBy(() -> EventLogCheck.check(log.bytes(), log.rtmrs()))
        .isInstanceOfSatisfying(DcapRejectedException.class, e -> {
          assertThat(e.error()).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
          assertThat(e.getMessage()).contains("no SHA-384 digest");
        });
  }

  @Test
  void check_aaelEntryInMrtdRegister_eventLogMismatch() {
    CcelBuilder.Log log = firmwareLog().aael(0, "coco.com op content").build();
    assertThat(rejection(log.bytes(), log.rtmrs())).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
  }

  @Test
  void check_aaelEntryRetyped_eventLogMismatch() {
    CcelBuilder.Log log = firmwareLog().event(4, 0x80000007, CcelBuilder.tagged("coco.com op hidden".getBytes(StandardCharsets.UTF_8)))
        .build();
    assertThat(rejection(log.bytes(), log.rtmrs())).isEqualTo(DcapError.EVENT_LOG_MISMATCH);
  }

  @Test
  void check_aaelTextWithoutOperation_malformedEvidence() {
    CcelBuilder.Log log = firmwareLog().aael("domain-only").build();
    assertThat(rejection(log.bytes(), log.rtmrs())).isEqualTo(DcapError.MALFORMED_EVIDENCE);
    CcelBuilder.Log oneSpace = firmwareLog().aael("domain operation").build();
    assertThat(rejection(oneSpace.bytes(), oneSpace.rtmrs())).isEqualTo(DcapError.MALFORMED_EVIDENCE);
  }

  @Test
  void check_aaelTextNotUtf8_malformedEvidence() {
    byte[] text = "d o \u00e9".getBytes(StandardCharsets.UTF_8);
    CcelBuilder.Log log = firmwareLog().event(4, 6, CcelBuilder.tagged(Arrays.copyOf(text, text.length - 1))).build();
    assertThat(rejection(log.bytes(), log.rtmrs())).isEqualTo(DcapError.MALFORMED_EVIDENCE);
  }

  @Test
  void check_otherTaggedEvent_notAael() throws Exception {
    byte[] text = "Linux initrd\0".getBytes(StandardCharsets.US_ASCII);
    byte[] data = CcelBuilder.le(8 + text.length).putInt(0x8F3B22EC).putInt(text.length).put(text).array();
    CcelBuilder.Log log = firmwareLog().event(2, 6, data).build();
    JsonNode tag = tags(EventLogCheck.check(log.bytes(), log.rtmrs())).get(0);
    assertThat(tag.at("/details/string").asText()).isEqualTo("Linux initrd");
    assertThat(tag.at("/details/unicode_name").isMissingNode()).isTrue();
    assertThat(tag.at("/details/data").isMissingNode()).isTrue();
  }

  @Test
  void contentClaim_jsonOrText_asUpstream() {
    assertThat(new AaelEvent("d", "o", "{\"k\": [1, 2]}").contentClaim().at("/k/1").asInt()).isEqualTo(2);
    assertThat(new AaelEvent("d", "o", " 42 ").contentClaim().isNumber()).isTrue();
    assertThat(new AaelEvent("d", "o", "{\"k\":1} trailing").contentClaim().asText()).isEqualTo("{\"k\":1} trailing");
    assertThat(new AaelEvent("d", "o", "").contentClaim().asText()).isEmpty();
    assertThat(new AaelEvent("d", "o", "[".repeat(200) + "]".repeat(200)).contentClaim().isTextual()).isTrue();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
