package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.dcap.DcapCorpus;
import dev.claviger.evidence.dcap.DcapRegistry;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TDX evidence from the configfs double serving real corpus quotes, checked by the real verifier. */
class TdxAttesterTest {
  private static final Instant AT = Instant.parse("2025-07-19T10:00:34Z");
  private static final String QUOTE = "tdx/dcap-qvl/tdx_quote";
  /** REPORTDATA of the dcap-qvl quote (its MANIFEST). */
  private static final String RD = "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9"
      + "eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20";

  @TempDir
  Path root;

  private FakeConfigfsTsm tsm(String quoteFile) {
    return FakeConfigfsTsm.create(root, TsmReportSession.TDX, DcapCorpus.quote(quoteFile));
  }

  private TdxAttester attester(FakeConfigfsTsm tsm) {
    return new TdxAttester(PlatformPathsTesting.paths(root), tsm);
  }

  private static VerifierRegistry registry() throws Exception {
    return VerifierRegistry.load(DcapRegistry.config("tdx/dcap-qvl"));
  }

  @Test
  void evidence_corpusQuote_verifiesWithTdxVerifier() throws Exception {
    FakeConfigfsTsm tsm = tsm(QUOTE);
    byte[] reportData = TsmReportSessionTest.filled(48, 0x5a);

    JsonNode evidence = attester(tsm).evidence(reportData);

    VerifiedEvidence v = registry().verify(new Evidence(Tee.TDX, evidence),
        ExpectedReportData.of(Hex.decode(RD)), ExpectedInitData.of(new byte[32]), AT);
    assertThat(v.reportDataHex()).contains(RD);
    assertThat(v.devices().get(0).claims().at("/tcb_status").asText()).isEqualTo("UpToDate");
    // The corpus quote carries its own report data; what we asked for went into inblob, padded.
    assertThat(tsm.inblobs()).singleElement().isEqualTo(Arrays.copyOf(reportData, 64));
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void evidence_noEventLog_upstreamJsonTextWithNullLogFirst() throws Exception {
    byte[] quote = DcapCorpus.quote(QUOTE);

    String json = Json.write(attester(tsm(QUOTE)).evidence(new byte[0]));

    assertThat(json).isEqualTo("{\"cc_eventlog\":null,\"quote\":\""
        + Base64.getEncoder().encodeToString(quote) + "\"}");
  }

  @Test
  void evidence_tamperedQuote_verifierRejects() throws Exception {
    byte[] quote = DcapCorpus.quote(QUOTE);
    quote[200] ^= 1; // inside MRTD, covered by the quote signature
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, quote);

    JsonNode evidence = attester(tsm).evidence(new byte[64]);

    assertThatThrownBy(() -> registry().verify(new Evidence(Tee.TDX, evidence),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, AT))
        .isInstanceOf(DcapRejectedException.class);
  }

  @Test
  void evidence_reportDataOver64_refusedBeforeConfigfs() {
    FakeConfigfsTsm tsm = tsm(QUOTE);

    assertThatThrownBy(() -> attester(tsm).evidence(new byte[65]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("at most 64 bytes");
    assertThat(tsm.entriesCreated()).isZero();
  }

  @Test
  void evidence_emptyOutblob_typedCause() {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, new byte[0]);

    assertThatThrownBy(() -> attester(tsm).evidence(new byte[1]))
        .isInstanceOf(AttesterException.class)
        .cause().isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(TsmReportException.Reason.EMPTY_OUTBLOB));
  }

  @Test
  void evidence_realCcel_trimmedLogReplaysToQuotedRtmrs() throws Exception {
    byte[] quote = DcapCorpus.quote("tdx/go-tdx-guest/ccel/cos-113-tdx-quote.dat");
    Path ccel = DcapCorpus.path("tdx/go-tdx-guest/ccel/ccel_data.dat");
    PlatformPathsTesting.link(root, "/sys/firmware/acpi/tables/data/CCEL", ccel);
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, quote);

    JsonNode evidence = attester(tsm).evidence(new byte[64]);

    byte[] log = Base64.getDecoder().decode(evidence.get("cc_eventlog").asText());
    assertThat(log.length).isLessThan((int) Files.size(ccel));
    assertThat(Arrays.copyOfRange(log, log.length - 8, log.length)).containsOnly((byte) 0xFF);
    byte[][] replayed = CcEventLog.parse(log).replayRtmrs();
    TdQuoteFields fields = TdQuoteFields.parse(quote);
    for (int i = 0; i < 3; i++) {
      assertThat(replayed[i]).as("RTMR%d", i).isEqualTo(fields.rtmr(i));
    }
  }

  @Test
  void evidence_aaelOnlyFromEnv_fixedHeaderThenAaelThenEndMarker() throws Exception {
    byte[] aael = {1, 2, 3, 4, 5};
    Files.createDirectories(root.resolve("custom"));
    Files.write(root.resolve("custom/aael"), aael);
    TdxAttester tdx = new TdxAttester(
        PlatformPathsTesting.paths(root, Map.of("AAEL_PATH", "/custom/aael")), tsm(QUOTE));

    byte[] log = Base64.getDecoder().decode(tdx.evidence(new byte[64]).get("cc_eventlog").asText());

    assertThat(log).hasSize(69 + aael.length + 8);
    assertThat(Arrays.copyOfRange(log, 0, 8)).containsExactly(0, 0, 0, 0, 3, 0, 0, 0);
    assertThat(Arrays.copyOfRange(log, 60, 69)).containsExactly(0x0C, 0, 0x30, 0, 0x12, 0, 0x20, 0, 0);
    assertThat(Arrays.copyOfRange(log, 69, 74)).isEqualTo(aael);
    assertThat(Arrays.copyOfRange(log, 74, 82)).containsOnly((byte) 0xFF);
  }

  @Test
  void evidence_ccelNotStartingWithSpecEvent_refused() throws Exception {
    Path ccel = PlatformPathsTesting.touch(root, "/sys/firmware/acpi/tables/data/CCEL");
    Files.write(ccel, new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0});

    assertThatThrownBy(() -> attester(tsm(QUOTE)).evidence(new byte[64]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("invalid CCEL");
  }

  @Test
  void evidence_truncatedCcel_refused() throws Exception {
    byte[] real = DcapCorpus.bytes("tdx/go-tdx-guest/ccel/ccel_data.dat");
    Path ccel = PlatformPathsTesting.touch(root, "/sys/firmware/acpi/tables/data/CCEL");
    Files.write(ccel, Arrays.copyOf(real, 200));

    assertThatThrownBy(() -> attester(tsm(QUOTE)).evidence(new byte[64]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("truncated");
  }

  @Test
  void tdReport_corpusQuote_fieldsMatchVerifierClaims() throws Exception {
    TdQuoteFields f = attester(tsm(QUOTE)).tdReport();

    assertThat(Hex.encode(f.mrTd())).startsWith("91eb2b44d141d4ec");
    assertThat(Hex.encode(f.reportData())).isEqualTo(RD);
    assertThat(f.mrConfigId()).containsOnly((byte) 0).hasSize(48);
    assertThat(f.rtmr(3)).containsOnly((byte) 0);
  }

  @Test
  void tdQuoteFields_v5Quote_td15Body() throws Exception {
    TdQuoteFields f = TdQuoteFields.parse(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated"));

    assertThat(Hex.encode(f.mrTd())).startsWith("273828c46252fcbd");
  }

  @Test
  void tdQuoteFields_malformed_refused() {
    byte[] good = DcapCorpus.quote(QUOTE);
    byte[] sgx = DcapCorpus.quote("sgx/dcap-qvl/sgx_quote");
    byte[] v3 = good.clone();
    v3[0] = 3;
    byte[] v5BadType = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated");
    v5BadType[48] = 1;
    for (byte[] bad : new byte[][] {Arrays.copyOf(good, 40), Arrays.copyOf(good, 600), sgx, v3, v5BadType}) {
      assertThatThrownBy(() -> TdQuoteFields.parse(bad)).isInstanceOfSatisfying(TsmReportException.class,
          e -> assertThat(e.reason()).isEqualTo(TsmReportException.Reason.MALFORMED_OUTBLOB));
    }
  }

  @Test
  void initDataBinding_mrConfigIdFromQuote_matchesZeroDigestAndRefusesOther() throws Exception {
    TdxAttester tdx = attester(tsm(QUOTE));

    InitDataBinding.check(tdx, new byte[32]);
    InitDataBinding.check(tdx, new byte[48]);
    assertThatThrownBy(() -> InitDataBinding.check(tdx, new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(InitDataBindingException.class,
            e -> assertThat(e.reason()).isEqualTo(InitDataBindingException.Reason.MISMATCH))
        .hasMessageContaining("MRCONFIGID");
  }

  @Test
  void initDataBinding_sysfsMeasurement_preferredOverQuote() throws Exception {
    byte[] digest = TsmReportSessionTest.filled(32, 0x11);
    Path sysfs = PlatformPathsTesting.touch(root, TdxAttester.MEASUREMENTS + "/mrconfigid");
    Files.write(sysfs, Arrays.copyOf(digest, 48));
    FakeConfigfsTsm tsm = tsm(QUOTE);

    InitDataBinding.check(attester(tsm), digest);

    assertThat(tsm.entriesCreated()).isZero();
  }

  @Test
  void initDataBinding_noConfigfs_platformError() {
    TdxAttester tdx = TdxAttester.create(PlatformPathsTesting.paths(root));

    assertThatThrownBy(() -> InitDataBinding.check(tdx, new byte[32]))
        .isInstanceOfSatisfying(InitDataBindingException.class,
            e -> assertThat(e.reason()).isEqualTo(InitDataBindingException.Reason.PLATFORM));
  }
}
