package dev.claviger.evidence.snp;

import static dev.claviger.evidence.snp.SnpCorpusVerificationTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.internal.Certs;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Turin, VLEK, CRL, VMPL and policy paths with a throw-away AMD-shaped PKI. */
class SnpSyntheticTest {
  private static final long TURIN_TCB = TcbVersion.encode(2, 3, 0, 4, 9, ProcessorGeneration.TURIN);
  private static final long GENOA_TCB = TcbVersion.encode(0, 10, 0, 25, 84, ProcessorGeneration.GENOA);
  private static final byte[] TURIN_CHIP = Arrays.copyOf(
      HexFormat.of().parseHex("1e550a8ee5cf9f4d"), 64);
  private static final byte[] GENOA_CHIP = filled(64, 0x5A);

  private static TestAmdPki turin;
  private static TestAmdPki genoa;
  private static TestAmdPki.Vek turinVcek;
  private static TestAmdPki.Vek genoaVcek;

  @BeforeAll
  static void pki() throws Exception {
    turin = new TestAmdPki(ProcessorGeneration.TURIN);
    genoa = new TestAmdPki(ProcessorGeneration.GENOA);
    turinVcek = turin.vcek(TURIN_TCB, TURIN_CHIP, false);
    genoaVcek = genoa.vcek(GENOA_TCB, GENOA_CHIP, false);
  }

  private static SnpVerification verify(TestAmdPki pki, TestAmdPki.ReportSpec spec,
      TestAmdPki.Vek vek, SnpCertEntry.Type type, SnpPolicy policy, X509CRL... crls) throws Exception {
    byte[] report = TestAmdPki.report(spec, vek.keys().getPrivate());
    SnpEvidence e = new SnpEvidence(SnpReport.parse(report),
        Optional.of(List.of(SnpCertEntry.of(type, vek.cert().getEncoded()))));
    return new SnpReportVerifier(pki.anchors(crls), List.of()).verify(e, TestAmdPki.AT, policy);
  }

  private static SnpVerification verifyTurin(TestAmdPki.ReportSpec spec) throws Exception {
    return verify(turin, spec, turinVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict());
  }

  @Test
  void verify_turinReport_validWithTurinTcbLayout() throws Exception {
    SnpVerification v = verifyTurin(turin.spec(TURIN_TCB, TURIN_CHIP));

    assertThat(v.generation()).isEqualTo(ProcessorGeneration.TURIN);
    assertThat(v.reportedTcb().fmc().getAsInt()).isEqualTo(2);
    assertThat(v.claims().get("reported_tcb_bootloader").asInt()).isEqualTo(3);
    assertThat(v.claims().get("reported_tcb_snp").asInt()).isEqualTo(4);
    assertThat(v.claims().get("reported_tcb_microcode").asInt()).isEqualTo(9);
  }

  @Test
  void verify_turinFmcDiffers_tcbMismatch() throws Exception {
    long otherFmc = TcbVersion.encode(3, 3, 0, 4, 9, ProcessorGeneration.TURIN);

    assertRejected(() -> verifyTurin(turin.spec(otherFmc, TURIN_CHIP)), SnpError.TCB_MISMATCH);
  }

  @Test
  void verify_microcodeDiffers_tcbMismatch() throws Exception {
    long other = TcbVersion.encode(0, 10, 0, 25, 85, ProcessorGeneration.GENOA);

    assertRejected(() -> verify(genoa, genoa.spec(other, GENOA_CHIP), genoaVcek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict()), SnpError.TCB_MISMATCH);
  }

  @Test
  void verify_spl4DiffersFromReservedTcbByte_tcbMismatch() throws Exception {
    genoa.spl4Override = 1;
    TestAmdPki.Vek odd;
    try {
      odd = genoa.vcek(GENOA_TCB, GENOA_CHIP, false);
    } finally {
      genoa.spl4Override = -1;
    }

    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), odd,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict()), SnpError.TCB_MISMATCH);
  }

  @Test
  void verify_turinChipIdDiffers_chipIdMismatch() throws Exception {
    byte[] other = TURIN_CHIP.clone();
    other[7] ^= 1;

    assertRejected(() -> verifyTurin(turin.spec(TURIN_TCB, other)), SnpError.CHIP_ID_MISMATCH);
  }

  @Test
  void verify_genoaChipIdDiffersInLastByte_chipIdMismatch() throws Exception {
    // Upstream's check never runs (it looks for CN "VCEK"); here a 64-byte hwID is compared whole.
    byte[] other = GENOA_CHIP.clone();
    other[63] ^= 1;

    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, other), genoaVcek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict()), SnpError.CHIP_ID_MISMATCH);
  }

  @Test
  void verify_hwIdWrappedInOctetString_accepted() throws Exception {
    TestAmdPki.Vek wrapped = genoa.vcek(GENOA_TCB, GENOA_CHIP, true);

    assertThat(verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), wrapped, SnpCertEntry.Type.VCEK,
        SnpPolicy.strict()).generation()).isEqualTo(ProcessorGeneration.GENOA);
  }

  @Test
  void verify_vlekReport_validWithZeroChipId() throws Exception {
    TestAmdPki.Vek vlek = genoa.vlek(GENOA_TCB);
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, new byte[64]);
    spec.signingKey = 1;

    SnpVerification v = verify(genoa, spec, vlek, SnpCertEntry.Type.VLEK, SnpPolicy.strict());

    assertThat(v.vek().getSubjectX500Principal().getName()).contains("SEV-VLEK");
    assertThat(v.claims().get("chip_id").asText()).isEqualTo("00".repeat(64));
  }

  @Test
  void verify_vlekReportWithVcekInTable_vekMissing() throws Exception {
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, GENOA_CHIP);
    spec.signingKey = 1;

    assertRejected(() -> verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict()),
        SnpError.VEK_MISSING);
  }

  @Test
  void verify_vcekReportWithVlekLabelledVcek_signingKeyMismatch() throws Exception {
    TestAmdPki.Vek vlek = genoa.vlek(GENOA_TCB);

    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), vlek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict()), SnpError.SIGNING_KEY_MISMATCH);
  }

  @Test
  void verify_unsignedReport_unsupportedSigningKey() throws Exception {
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, GENOA_CHIP);
    spec.signingKey = 7;

    assertRejected(() -> verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict()),
        SnpError.UNSUPPORTED_SIGNING_KEY);
  }

  @Test
  void verify_vmpl1_rejectedByDefaultAcceptedWhenAllowed() throws Exception {
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, GENOA_CHIP);
    spec.vmpl = 1;

    assertRejected(() -> verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict()),
        SnpError.VMPL_REJECTED);
    assertThat(verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK,
        SnpPolicy.strict().withMaxVmpl(1)).report().vmpl()).isEqualTo(1);
  }

  @Test
  void verify_migrationAgentAllowed_rejectedByDefault() throws Exception {
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, GENOA_CHIP);
    spec.policy = 0x30000L | 1L << 18;

    assertRejected(() -> verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict()),
        SnpError.POLICY_REJECTED);
    assertThat(verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK,
        SnpPolicy.strict().allowingMigrationAgent()).claims().get("policy_migrate_ma").asBoolean())
        .isTrue();
  }

  @Test
  void verify_unknownCpuModel_unsupportedProcessor() throws Exception {
    TestAmdPki.ReportSpec spec = turin.spec(TURIN_TCB, TURIN_CHIP);
    spec.cpuidModel = 0x50;

    assertRejected(() -> verifyTurin(spec), SnpError.UNSUPPORTED_PROCESSOR);
  }

  @Test
  void verify_turinCpuidWithGenoaVcek_unsupportedProcessor() throws Exception {
    TestAmdPki.ReportSpec spec = turin.spec(GENOA_TCB, GENOA_CHIP);

    assertRejected(() -> verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict()),
        SnpError.UNSUPPORTED_PROCESSOR);
  }

  @Test
  void verify_version2Report_generationFromVcekIssuer() throws Exception {
    TestAmdPki.ReportSpec spec = genoa.spec(GENOA_TCB, GENOA_CHIP);
    spec.version = 2;

    SnpVerification v = verify(genoa, spec, genoaVcek, SnpCertEntry.Type.VCEK, SnpPolicy.strict());

    assertThat(v.report().cpuid()).isEmpty();
    assertThat(v.generation()).isEqualTo(ProcessorGeneration.GENOA);
  }

  @Test
  void verify_currentCrlWithoutRevocation_crlChecked() throws Exception {
    X509CRL crl = genoa.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z"),
        java.math.BigInteger.valueOf(99));

    assertThat(verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek, SnpCertEntry.Type.VCEK,
        SnpPolicy.strict().requiringCrl(), crl).crlChecked()).isTrue();
  }

  @Test
  void verify_askOnCrl_revoked() throws Exception {
    X509CRL crl = genoa.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z"),
        genoa.ask.getSerialNumber());

    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict(), crl), SnpError.REVOKED);
  }

  @Test
  void verify_staleCrl_crlInvalid() throws Exception {
    X509CRL crl = genoa.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2026-01-01T00:00:00Z"));

    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict(), crl), SnpError.CRL_INVALID);
  }

  @Test
  void verify_crlRequiredButAbsent_crlInvalid() throws Exception {
    assertRejected(() -> verify(genoa, genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek,
        SnpCertEntry.Type.VCEK, SnpPolicy.strict().requiringCrl()), SnpError.CRL_INVALID);
  }

  @Test
  void anchors_crlOfAnotherArk_refused() throws Exception {
    X509CRL foreign = turin.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z"));

    assertThatThrownBy(() -> genoa.anchors(foreign))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("not signed by a pinned ARK");
  }

  @Test
  void anchors_unpinnedSelfSignedArk_ignored() throws Exception {
    assertThatThrownBy(() -> AmdTrustAnchors.of(List.of(genoa.ark, genoa.ask), List.of(),
        Set.of(Certs.sha256(turin.ark))))
        .isInstanceOf(EvidenceException.class);
  }

  @Test
  void verify_tamperedTurinReportEveryByte_rejected() throws Exception {
    byte[] good = TestAmdPki.report(turin.spec(TURIN_TCB, TURIN_CHIP), turinVcek.keys().getPrivate());
    SnpReportVerifier v = new SnpReportVerifier(turin.anchors(), List.of());
    int accepted = 0;
    for (int i = 0; i < 0x330; i += 7) {
      byte[] t = good.clone();
      t[i] ^= 0x40;
      try {
        v.verify(new SnpEvidence(SnpReport.parse(t), Optional.of(List.of(
            SnpCertEntry.of(SnpCertEntry.Type.VCEK, turinVcek.cert().getEncoded())))),
            TestAmdPki.AT, SnpPolicy.strict().allowingDebug().allowingMigrationAgent().withMaxVmpl(3));
        accepted++;
      } catch (SnpRejectedException expected) {
        // as it must be
      }
    }
    assertThat(accepted).isZero();
  }

  @Test
  void fromDirectories_crlInOfflineStore_revokesAsk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path anchorsDir = java.nio.file.Files.createDirectories(tmp.resolve("anchors"));
    java.nio.file.Path crlDir = java.nio.file.Files.createDirectories(tmp.resolve("store/crl"));
    java.nio.file.Files.write(anchorsDir.resolve("ark.der"), genoa.ark.getEncoded());
    java.nio.file.Files.write(anchorsDir.resolve("ask.der"), genoa.ask.getEncoded());
    java.nio.file.Files.write(crlDir.resolve("Genoa.crl"), genoa.crl(TestAmdPki.NOT_BEFORE,
        Instant.parse("2027-01-01T00:00:00Z"), genoa.ask.getSerialNumber()).getEncoded());
    AmdTrustAnchors anchors = AmdTrustAnchors.fromDirectories(anchorsDir, List.of(crlDir,
        tmp.resolve("missing")), Set.of(Certs.sha256(genoa.ark)));
    byte[] report = TestAmdPki.report(genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek.keys().getPrivate());
    SnpEvidence e = new SnpEvidence(SnpReport.parse(report),
        Optional.of(List.of(SnpCertEntry.of(SnpCertEntry.Type.VCEK, genoaVcek.cert().getEncoded()))));

    assertThat(anchors.crls(ProcessorGeneration.GENOA)).hasSize(1);
    assertRejected(() -> new SnpReportVerifier(anchors, List.of()).verify(e, TestAmdPki.AT,
        SnpPolicy.strict()), SnpError.REVOKED);
  }

  private static SnpEvidence withCrl(X509CRL crl) throws Exception {
    byte[] report = TestAmdPki.report(genoa.spec(GENOA_TCB, GENOA_CHIP), genoaVcek.keys().getPrivate());
    return new SnpEvidence(SnpReport.parse(report), Optional.of(List.of(
        SnpCertEntry.of(SnpCertEntry.Type.VCEK, genoaVcek.cert().getEncoded()),
        SnpCertEntry.of(SnpCertEntry.Type.CRL, crl.getEncoded()))));
  }

  @Test
  void verify_crlInEvidenceRevokingAsk_revoked() throws Exception {
    SnpEvidence e = withCrl(genoa.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z"),
        genoa.ask.getSerialNumber()));

    assertRejected(() -> new SnpReportVerifier(genoa.anchors(), List.of()).verify(e, TestAmdPki.AT,
        SnpPolicy.strict()), SnpError.REVOKED);
  }

  @Test
  void verify_crlInEvidenceFromAnotherArk_crlInvalid() throws Exception {
    SnpEvidence e = withCrl(turin.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z")));

    assertRejected(() -> new SnpReportVerifier(genoa.anchors(), List.of()).verify(e, TestAmdPki.AT,
        SnpPolicy.strict()), SnpError.CRL_INVALID);
  }

  @Test
  void verify_currentCrlInEvidence_crlChecked() throws Exception {
    SnpEvidence e = withCrl(genoa.crl(TestAmdPki.NOT_BEFORE, Instant.parse("2027-01-01T00:00:00Z")));

    assertThat(new SnpReportVerifier(genoa.anchors(), List.of()).verify(e, TestAmdPki.AT,
        SnpPolicy.strict().requiringCrl()).crlChecked()).isTrue();
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }
}
