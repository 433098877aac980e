package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.core.Json;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.snp.SnpRejectedException;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.testing.SharedCorpus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** SNP evidence from the configfs double serving corpus reports, checked by the real verifier. */
class SnpAttesterTest {
  static final List<SnpSamples.Sample> SAMPLES = SnpSamples.ALL;

  @TempDir
  Path root;

  private FakeConfigfsTsm tsm(SnpSamples.Sample s) {
    byte[] aux = SnpSamples.certTable(List.of(UUID.fromString(SnpSamples.VCEK_GUID)), List.of(s.vcekBytes()));
    return FakeConfigfsTsm.create(root, TsmReportSession.SEV, s.reportBytes()).withAuxblob(aux);
  }

  private SnpAttester attester(FakeConfigfsTsm tsm) {
    PlatformPathsTesting.touch(root, SnpAttester.PLATFORM_DEVICE);
    return new SnpAttester(PlatformPathsTesting.paths(root), tsm);
  }

  private static VerifierRegistry registry(boolean allowDebug) throws Exception {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("anchors_dir", SharedCorpus.path("roots/amd").toString());
    if (allowDebug) {
      o.put("allow_debug", true);
    }
    return VerifierRegistry.load(VerifierConfig.defaults().withOptions("snp_verifier", o));
  }

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void evidence_corpusReportWithAuxblobVcek_verifiesWithSnpVerifier(SnpSamples.Sample s) throws Exception {
    FakeConfigfsTsm tsm = tsm(s);
    byte[] reportData = TsmReportSessionTest.filled(48, 0x33);

    JsonNode evidence = attester(tsm).evidence(reportData);

    byte[] corpusReportData = SnpReport.parse(s.reportBytes()).reportData();
    VerifiedEvidence v = registry(s.debug()).verify(new Evidence(Tee.SNP, evidence),
        ExpectedReportData.of(corpusReportData), ExpectedInitData.NOT_PROVIDED, s.at());
    assertThat(v.tee()).isEqualTo(Tee.SNP);
    assertThat(evidence.get("cert_chain")).hasSize(1);
    assertThat(evidence.at("/cert_chain/0/cert_type").asText()).isEqualTo("VCEK");
    assertThat(tsm.inblobs()).singleElement().isEqualTo(Arrays.copyOf(reportData, 64));
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void evidence_tamperedReport_verifierRejects() throws Exception {
    SnpSamples.Sample s = SAMPLES.get(3);
    byte[] report = s.reportBytes();
    report[0x090] ^= 1; // MEASUREMENT
    byte[] aux = SnpSamples.certTable(List.of(UUID.fromString(SnpSamples.VCEK_GUID)), List.of(s.vcekBytes()));
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.SEV, report).withAuxblob(aux);

    JsonNode evidence = attester(tsm).evidence(new byte[64]);

    assertThatThrownBy(() -> registry(false).verify(new Evidence(Tee.SNP, evidence),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, s.at()))
        .isInstanceOf(SnpRejectedException.class);
  }

  @Test
  void evidence_noAuxblob_certChainNull() throws Exception {
    SnpSamples.Sample s = SAMPLES.get(2);
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.SEV, s.reportBytes());

    String json = Json.write(attester(tsm).evidence(new byte[64]));

    assertThat(json).startsWith("{\"attestation_report\":{\"version\":5,").endsWith(",\"cert_chain\":null}");
  }

  @Test
  void evidence_outblobNotAReport_malformed() {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.SEV, new byte[1000]);

    assertThatThrownBy(() -> attester(tsm).evidence(new byte[64]))
        .isInstanceOf(AttesterException.class)
        .cause().isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(TsmReportException.Reason.MALFORMED_OUTBLOB));
  }

  @Test
  void evidence_reportDataOver64_refused() {
    FakeConfigfsTsm tsm = tsm(SAMPLES.get(0));

    assertThatThrownBy(() -> attester(tsm).evidence(new byte[65]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("at most 64 bytes");
    assertThat(tsm.entriesCreated()).isZero();
  }

  @Test
  void evidence_noConfigfsNoDevice_typedError() {
    SnpAttester snp = SnpAttester.create(PlatformPathsTesting.paths(root));

    assertThatThrownBy(() -> snp.evidence(new byte[64]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("neither a configfs-tsm");
  }

  @Test
  void evidence_onlyDevSevGuestOnBaseRuntime_needsNewerJdk() {
    PlatformPathsTesting.touch(root, SnpAttester.GUEST_DEVICE);
    SnpAttester snp = SnpAttester.create(PlatformPathsTesting.paths(root));

    // Tests run from the class directory, where the Java 21 base version of the ioctl is used.
    assertThat(SnpAttester.ioctlSupported()).isFalse();
    assertThatThrownBy(() -> snp.evidence(new byte[64]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("needs a JDK >= 22");
  }

  @Test
  void initDataBinding_hostDataZero_matchesPaddedAndCutDigests() throws Exception {
    SnpAttester snp = attester(tsm(SAMPLES.get(0)));

    InitDataBinding.check(snp, new byte[32]);
    InitDataBinding.check(snp, new byte[48]); // upstream pad::<32> keeps the first 32 bytes
    assertThatThrownBy(() -> InitDataBinding.check(snp, new byte[] {1}))
        .isInstanceOfSatisfying(InitDataBindingException.class,
            e -> assertThat(e.reason()).isEqualTo(InitDataBindingException.Reason.MISMATCH))
        .hasMessageContaining("HOST_DATA");
  }
}
