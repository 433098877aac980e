package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.attester.TsmReportException.Reason;
import dev.claviger.agent.attester.internal.FsTsmReports;
import dev.claviger.agent.attester.internal.TsmReportSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configfs-tsm protocol over the test double: provider, inblob, outblob, generation, rmdir. */
class TsmReportSessionTest {
  private static final byte[] QUOTE = "a quote".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INBLOB = filled(64, 7);

  @TempDir
  Path root;

  @Test
  void request_matchingProvider_writesInblobReadsOutblobAndRemovesEntry() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, QUOTE);

    TsmReportSession.Result r = TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false);

    assertThat(r.outblob()).isEqualTo(QUOTE);
    assertThat(r.auxblob()).isEmpty();
    assertThat(tsm.inblobs()).singleElement().isEqualTo(INBLOB);
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void request_withAux_readsAuxblob() throws Exception {
    byte[] aux = filled(48, 1);
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.SEV, QUOTE).withAuxblob(aux);

    TsmReportSession.Result r = TsmReportSession.request(tsm, TsmReportSession.SEV, INBLOB, true);

    assertThat(r.auxblob()).hasValueSatisfying(a -> assertThat(a).isEqualTo(aux));
  }

  @Test
  void request_rmdirFails_reportStillReturnedEntryLeaked() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, QUOTE).withFailingRmdir();

    assertThat(TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false).outblob()).isEqualTo(QUOTE);
    assertThat(tsm.liveEntries()).isOne();
  }

  @Test
  void request_otherKnownProvider_wrongProviderAndEntryRemoved() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.SEV, QUOTE);

    assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PROVIDER))
        .hasMessageContaining("sev_guest").hasMessageContaining("tdx_guest");
    assertThat(tsm.inblobs()).isEmpty();
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void request_providerWithoutNewline_unknownProvider() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, "tdx_guest", QUOTE);

    assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PROVIDER));
  }

  @Test
  void request_concurrentWriter_generationMismatch() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, QUOTE).withConcurrentWriter();

    assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.GENERATION_MISMATCH))
        .hasMessageContaining("generation is '2'");
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void request_emptyOutblob_emptyOutblobError() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[0]);

    assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.CCA, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY_OUTBLOB))
        .hasMessageContaining("empty outblob");
  }

  @Test
  void request_outblobOverBound_tooLarge() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX,
        new byte[TsmReportSession.MAX_OUTBLOB + 1]);

    assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void request_outblobAtBound_accepted() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX,
        filled(TsmReportSession.MAX_OUTBLOB, 3));

    assertThat(TsmReportSession.request(tsm, TsmReportSession.TDX, INBLOB, false).outblob())
        .hasSize(TsmReportSession.MAX_OUTBLOB);
  }

  @Test
  void request_emptyOrLongInblob_badInblobWithoutTouchingConfigfs() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, QUOTE);

    for (byte[] bad : new byte[][] {new byte[0], new byte[65]}) {
      assertThatThrownBy(() -> TsmReportSession.request(tsm, TsmReportSession.TDX, bad, false))
          .isInstanceOfSatisfying(TsmReportException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INBLOB));
    }
    assertThat(tsm.entriesCreated()).isZero();
  }

  @Test
  void request_noReportDirectory_notAvailable() {
    FsTsmReports missing = new FsTsmReports(root.resolve("sys/kernel/config/tsm/report"));

    assertThatThrownBy(() -> TsmReportSession.request(missing, TsmReportSession.TDX, INBLOB, false))
        .isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AVAILABLE));
  }

  @Test
  void probe_matchingAndOtherProvider_trueThenFalseAndNoEntryLeft() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, QUOTE);

    assertThat(TsmReportSession.probe(tsm, TsmReportSession.CCA)).isTrue();
    assertThat(TsmReportSession.probe(tsm, TsmReportSession.TDX)).isFalse();
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void fsTsmReports_plainDirectory_createsRandomEntryAndRemovesIt() throws Exception {
    Path dir = Files.createDirectories(root.resolve("report"));
    FsTsmReports fs = new FsTsmReports(dir);

    try (var e = fs.create()) {
      assertThat(e.name()).startsWith("claviger-").hasSize("claviger-".length() + 16);
      Files.writeString(dir.resolve(e.name()).resolve("provider"), "tdx_guest\n");
      assertThat(e.read("provider", 64)).asString(StandardCharsets.US_ASCII).isEqualTo("tdx_guest\n");
      assertThatThrownBy(() -> e.write("inblob", INBLOB)).isInstanceOf(java.io.IOException.class);
      Files.delete(dir.resolve(e.name()).resolve("provider")); // configfs rmdir removes attributes
    }
    try (var s = Files.list(dir)) {
      assertThat(s.count()).isZero();
    }
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }
}
