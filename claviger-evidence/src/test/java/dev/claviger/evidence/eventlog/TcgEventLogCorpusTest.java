package dev.claviger.evidence.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.evidence.tpm.TpmCorpus;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TcgEventLogCorpusTest {
  private static final String DIR = "tpm/go-tpm-tools/eventlogs/";

  static Stream<Arguments> logs() throws Exception {
    JsonNode all = Json.parse(TpmCorpus.bytes(DIR + "eventlog_expected_pcrs.json"));
    List<Arguments> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(Arguments.of(e.getKey(), e.getValue()));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void replay_corpusLog_givesExpectedPcrs(String name, JsonNode expected) throws Exception {
    byte[] raw = TpmCorpus.bytes("tpm/go-tpm-tools/" + expected.get("event_log_file").asText());
    TcgEventLog log = TcgEventLog.parse(raw);
    int compared = 0;
    for (Iterator<Map.Entry<String, JsonNode>> banks = expected.get("expected_pcrs").fields();
        banks.hasNext(); ) {
      Map.Entry<String, JsonNode> bank = banks.next();
      TpmHashAlg alg = TpmHashAlg.fromLabel(bank.getKey()).orElseThrow();
      Map<Integer, byte[]> replayed = log.replay(alg);
      for (Iterator<Map.Entry<String, JsonNode>> pcrs = bank.getValue().fields();
          pcrs.hasNext(); ) {
        Map.Entry<String, JsonNode> pcr = pcrs.next();
        assertThat(HexFormat.of().formatHex(replayed.get(Integer.parseInt(pcr.getKey()))))
            .as("%s %s PCR %s", name, alg, pcr.getKey())
            .isEqualTo(pcr.getValue().asText().toLowerCase());
        compared++;
      }
    }
    assertThat(compared).isPositive();
  }

  @Test
  void parse_debian10_isLegacySha1Log() throws Exception {
    TcgEventLog log = TcgEventLog.parse(TpmCorpus.bytes(DIR + "debian-10.bin"));
    assertThat(log.cryptoAgile()).isFalse();
    assertThat(log.banks()).containsExactly(TpmHashAlg.SHA1);
  }

  @Test
  void parse_cryptoAgileLog_declaresBanks() throws Exception {
    TcgEventLog log = TcgEventLog.parse(TpmCorpus.bytes(DIR + "rhel8-uefi.bin"));
    assertThat(log.cryptoAgile()).isTrue();
    assertThat(log.banks()).contains(TpmHashAlg.SHA1, TpmHashAlg.SHA256);
    assertThat(log.events()).hasSizeGreaterThan(10);
  }
}
