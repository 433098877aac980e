package dev.claviger.evidence.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.tpm.TpmCorpus;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EventLogParserTest {
  static final String LOG = "tpm/go-tpm-tools/eventlogs/cos-101-amd-sev.bin";

  @Test
  void parse_everyTruncationOfHeader_rejected() {
    byte[] raw = TpmCorpus.bytes(LOG);
    int header = 32 + assertParses(raw).events().get(0).data().length;
    for (int len = 1; len < header; len++) {
      byte[] t = Arrays.copyOf(raw, len);
      assertThatThrownBy(() -> TcgEventLog.parse(t)).as("length %d", len)
          .isInstanceOf(TpmFormatException.class);
    }
  }

  @Test
  void parse_truncatedMidLog_rejected() {
    byte[] raw = TpmCorpus.bytes(LOG);
    assertThatThrownBy(() -> TcgEventLog.parse(Arrays.copyOf(raw, raw.length - 3)))
        .isInstanceOf(TpmFormatException.class);
  }

  @Test
  void parse_trailingZeroPadding_ignored() throws Exception {
    byte[] raw = TpmCorpus.bytes(LOG);
    TcgEventLog padded = TcgEventLog.parse(Arrays.copyOf(raw, raw.length + 4096));
    assertThat(padded.events()).hasSameSizeAs(TcgEventLog.parse(raw).events());
  }

  @Test
  void parse_hugeEventSize_rejectedBeforeAllocation() {
    byte[] raw = TpmCorpus.bytes(LOG);
    TcgEventLog ok = assertParses(raw);
    int firstEvent2 = 32 + ok.events().get(0).data().length;
    int sizeOffset = firstEvent2 + 12 + 2 + 20 + 2 + 32;
    byte[] t = raw.clone();
    ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(sizeOffset, 0x7fffffff);
    assertThatThrownBy(() -> TcgEventLog.parse(t)).isInstanceOf(TpmFormatException.class);
  }

  @Test
  void parse_pcrIndexOutOfRange_rejected() {
    byte[] raw = TpmCorpus.bytes(LOG);
    int firstEvent2 = 32 + assertParses(raw).events().get(0).data().length;
    byte[] t = raw.clone();
    t[firstEvent2] = 24;
    assertThatThrownBy(() -> TcgEventLog.parse(t)).hasMessageContaining("PCR index");
  }

  @Test
  void parse_undeclaredDigestAlgorithm_rejected() {
    byte[] raw = TpmCorpus.bytes(LOG);
    int firstEvent2 = 32 + assertParses(raw).events().get(0).data().length;
    byte[] t = raw.clone();
    t[firstEvent2 + 12] = 0x0d;
    assertThatThrownBy(() -> TcgEventLog.parse(t)).hasMessageContaining("not declared");
  }

  @Test
  void replay_flippedDigestByte_changesPcr() throws Exception {
    byte[] raw = TpmCorpus.bytes(LOG);
    TcgEventLog ok = TcgEventLog.parse(raw);
    int firstEvent2 = 32 + ok.events().get(0).data().length;
    byte[] t = raw.clone();
    t[firstEvent2 + 12 + 2] ^= 1;
    TcgEventLog bad = TcgEventLog.parse(t);
    int pcr = bad.events().get(1).pcr();
    assertThat(bad.replay(TpmHashAlg.SHA1).get(pcr))
        .isNotEqualTo(ok.replay(TpmHashAlg.SHA1).get(pcr));
  }

  @Test
  void replay_missingBank_rejected() throws Exception {
    TcgEventLog legacy = TcgEventLog.parse(
        TpmCorpus.bytes("tpm/go-tpm-tools/eventlogs/debian-10.bin"));
    assertThatThrownBy(() -> legacy.replay(TpmHashAlg.SHA256)).hasMessageContaining("no sha256");
  }

  @Test
  void cel_cosLog_parsesAndVerifiesContentDigests() throws Exception {
    byte[] cel = Base64.getMimeDecoder().decode(TpmCorpus.bytes(
        "tpm/go-tpm-tools/eventlogs/cel.b64"));
    CanonicalEventLog log = CanonicalEventLog.parse(cel);
    assertThat(log.records()).hasSize(18);
    assertThat(log.records()).allMatch(r -> r.register() == CelRecord.Register.CCMR
        && r.index() == 4 && r.contentType() == CanonicalEventLog.T_COS);
    assertThat(new String(log.records().get(0).contentValue(), 5, 20,
        java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("us-west1-docker.pkg.");
    assertThat(log.replay(CelRecord.Register.CCMR, TpmHashAlg.SHA384)).containsOnlyKeys(4);
  }

  @Test
  void cel_tamperedContentOrRecnum_rejected() {
    byte[] cel = Base64.getMimeDecoder().decode(TpmCorpus.bytes(
        "tpm/go-tpm-tools/eventlogs/cel.b64"));
    byte[] content = cel.clone();
    content[100] ^= 1;
    assertThatThrownBy(() -> CanonicalEventLog.parse(content))
        .hasMessageContaining("does not match its content");
    byte[] recnum = cel.clone();
    recnum[12] = 5;
    assertThatThrownBy(() -> CanonicalEventLog.parse(recnum)).hasMessageContaining("record number");
    assertThatThrownBy(() -> CanonicalEventLog.parse(Arrays.copyOf(cel, cel.length - 1)))
        .isInstanceOf(TpmFormatException.class);
  }

  private static TcgEventLog assertParses(byte[] raw) {
    try {
      return TcgEventLog.parse(raw);
    } catch (TpmFormatException e) {
      throw new AssertionError(e);
    }
  }
}
