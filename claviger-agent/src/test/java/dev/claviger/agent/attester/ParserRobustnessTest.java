package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.CcEventLogReader;
import dev.claviger.agent.attester.internal.SnpCertTable;
import dev.claviger.agent.attester.internal.SnpReportJson;
import dev.claviger.evidence.dcap.DcapCorpus;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The guest-side parsers (CCEL trimming, TD quote fields, SNP report and certificate table) on
 * mutated real inputs: they either succeed or fail with their checked exception, never with an
 * unchecked one (index out of bounds, negative sizes, overflow).
 */
class ParserRobustnessTest {
  private static final int ROUNDS = 2_000;

  @Test
  void trimCcel_mutatedRealLog_onlyCheckedFailures() {
    byte[] ccel = java.util.Arrays.copyOf(DcapCorpus.bytes("tdx/go-tdx-guest/ccel/ccel_data.dat"), 8192);
    mutate(ccel, 17, b -> {
      try {
        CcEventLogReader.trimCcel(b);
      } catch (AttesterException expected) {
        // refused: fine
      }
    });
  }

  @Test
  void tdQuoteFields_mutatedRealQuote_onlyCheckedFailures() {
    byte[] quote = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated");
    mutate(java.util.Arrays.copyOf(quote, 800), 19, b -> {
      try {
        TdQuoteFields.parse(b).mrConfigId();
      } catch (TsmReportException expected) {
        // refused: fine
      }
    });
  }

  @Test
  void snpReportAndCertTable_mutatedRealInputs_onlyCheckedFailures() {
    byte[] report = SnpSamples.ALL.get(2).reportBytes();
    byte[] table = SnpSamples.certTable(List.of(UUID.fromString(SnpSamples.VCEK_GUID)),
        List.of(SnpSamples.ALL.get(2).vcekBytes()));
    mutate(report, 23, b -> {
      try {
        SnpReportJson.render(b);
      } catch (SnpReportJson.BadReportException expected) {
        // refused: fine
      }
    });
    mutate(java.util.Arrays.copyOf(table, 96), 29, b -> {
      try {
        SnpCertTable.parse(b);
      } catch (SnpReportJson.BadReportException expected) {
        // refused: fine
      }
    });
  }

  private interface Target {
    void run(byte[] input) throws Exception;
  }

  /** Flips, overwrites and truncates bytes (biased to the header) with a fixed seed. */
  private static void mutate(byte[] seed, long randomSeed, Target target) {
    Random random = new Random(randomSeed);
    for (int i = 0; i < ROUNDS; i++) {
      byte[] b = seed.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextBoolean() ? random.nextInt(Math.min(64, b.length)) : random.nextInt(b.length);
        b[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xFF);
      }
      byte[] input = random.nextInt(8) == 0 ? java.util.Arrays.copyOf(b, random.nextInt(b.length)) : b;
      assertThatCode(() -> target.run(input)).doesNotThrowAnyException();
    }
  }
}
