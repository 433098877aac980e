package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnpCorpusVerificationTest {
  private static final SnpPolicy POLICY = SnpPolicy.strict().allowingDebug();

  static Stream<SnpCorpus.Sample> samples() {
    return SnpCorpus.SAMPLES.stream();
  }

  private static SnpReportVerifier verifier() {
    return new SnpReportVerifier(SnpCorpus.anchors(), List.of());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void verify_corpusReportWithItsVcek_validWithManifestClaims(SnpCorpus.Sample s) throws Exception {
    SnpVerification v = verifier().verify(SnpCorpus.evidence(s), s.at(), POLICY);
    ObjectNode c = v.claims();

    assertThat(v.generation()).isEqualTo(s.generation());
    assertThat(v.crlChecked()).isFalse();
    assertThat(c.get("measurement").asText()).isEqualTo(s.measurement());
    assertThat(c.get("chip_id").asText()).startsWith(s.chipIdPrefix()).hasSize(128);
    assertThat(c.get("reported_tcb_bootloader").asInt()).isEqualTo(s.bl());
    assertThat(c.get("reported_tcb_tee").asInt()).isEqualTo(s.tee());
    assertThat(c.get("reported_tcb_snp").asInt()).isEqualTo(s.snp());
    assertThat(c.get("reported_tcb_microcode").asInt()).isEqualTo(s.ucode());
    assertThat(c.get("policy_debug_allowed").asBoolean()).isEqualTo(s.debug());
    assertThat(c.get("policy_smt_allowed").asBoolean()).isTrue();
    assertThat(c.get("policy_migrate_ma").asBoolean()).isFalse();
    assertThat(c.get("policy_single_socket").asBoolean()).isFalse();
    assertThat(c.get("policy_abi_major").asInt()).isZero();
    assertThat(c.get("init_data").asText()).isEqualTo("00".repeat(32));
    assertThat(c.get("report_data").asText()).isEqualTo(Hex.encode(v.report().reportData()));
    assertThat(c.get("platform_smt_enabled").asBoolean()).isTrue();
    assertThat(c.size()).isEqualTo(16);
  }

  @Test
  void verify_goSevGuestDebugGuest_rejectedByDefaultPolicy() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(0);

    assertRejected(() -> verifier().verify(SnpCorpus.evidence(s), s.at(), SnpPolicy.strict()),
        SnpError.POLICY_REJECTED);
  }

  @Test
  void verify_oakGenoa_platformInfoTsme() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(2);
    ObjectNode c = verifier().verify(SnpCorpus.evidence(s), s.at(), POLICY).claims();

    assertThat(c.get("platform_tsme_enabled").asBoolean()).isFalse();
    assertThat(c.get("platform_smt_enabled").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void verify_afterVcekExpiry_certificateNotValid(SnpCorpus.Sample s) throws Exception {
    assertRejected(() -> verifier().verify(SnpCorpus.evidence(s),
        Instant.parse("2033-01-01T00:00:00Z"), POLICY), SnpError.CERTIFICATE_NOT_VALID_AT_INSTANT);
  }

  @Test
  void verify_beforeVcekIssued_certificateNotValid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(0);

    assertRejected(() -> verifier().verify(SnpCorpus.evidence(s),
        Instant.parse("2022-09-24T00:00:00Z"), POLICY), SnpError.CERTIFICATE_NOT_VALID_AT_INSTANT);
  }

  @Test
  void verify_anotherChipsVcek_signatureInvalid() throws Exception {
    SnpCorpus.Sample a = SnpCorpus.SAMPLES.get(1);
    SnpCorpus.Sample b = SnpCorpus.SAMPLES.get(3);
    SnpEvidence e = SnpCorpus.evidence(SnpCorpus.report(a), SnpCorpus.bytes(b.vcek()));

    assertRejected(() -> verifier().verify(e, a.at(), POLICY), SnpError.REPORT_SIGNATURE_INVALID);
  }

  @Test
  void verify_genoaReportWithMilanVcek_generationMismatch() throws Exception {
    SnpCorpus.Sample genoa = SnpCorpus.SAMPLES.get(2);
    SnpEvidence e = SnpCorpus.evidence(SnpCorpus.report(genoa),
        SnpCorpus.bytes(SnpCorpus.SAMPLES.get(3).vcek()));

    assertRejected(() -> verifier().verify(e, genoa.at(), POLICY), SnpError.UNSUPPORTED_PROCESSOR);
  }

  @Test
  void verify_anchorsWithoutMilan_untrustedRoot(@TempDir Path dir) throws Exception {
    Files.copy(SnpCorpus.path("roots/amd/ask_ark_genoa.pem"), dir.resolve("genoa.pem"));
    SnpReportVerifier v = new SnpReportVerifier(AmdTrustAnchors.fromDirectory(dir), List.of());
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(3);

    assertRejected(() -> v.verify(SnpCorpus.evidence(s), s.at(), POLICY), SnpError.UNTRUSTED_ROOT);
  }

  @Test
  void fromDirectory_pinMismatch_noAnchor() {
    assertThatThrownBy(() -> AmdTrustAnchors.fromDirectory(SnpCorpus.path("roots/amd"),
        Set.of("00".repeat(32))))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("no pinned AMD ARK");
  }

  @Test
  void fromDirectory_corpusRoots_allGenerationsWithAskAndAsvk() {
    AmdTrustAnchors a = SnpCorpus.anchors();

    for (ProcessorGeneration g : ProcessorGeneration.values()) {
      assertThat(a.ark(g)).isPresent();
      assertThat(a.ask(g)).isPresent();
      assertThat(a.asvk(g)).isPresent();
    }
  }

  @Test
  void productionBuiltIn_sameCertificatesAsCorpusRoots() throws Exception {
    AmdTrustAnchors builtIn = AmdTrustAnchors.productionBuiltIn(List.of());
    AmdTrustAnchors corpus = SnpCorpus.anchors();

    for (ProcessorGeneration g : ProcessorGeneration.values()) {
      assertThat(builtIn.ark(g)).isEqualTo(corpus.ark(g));
      assertThat(builtIn.ask(g)).isEqualTo(corpus.ask(g));
      assertThat(builtIn.asvk(g)).isEqualTo(corpus.asvk(g));
    }
  }

  @Test
  void verify_evidenceSuppliesForeignArk_untrustedRoot() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(3);
    byte[] genoaArk = SnpCorpus.anchors().ark(ProcessorGeneration.GENOA).orElseThrow().getEncoded();
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(s)), Optional.of(List.of(
        SnpCertEntry.of(SnpCertEntry.Type.VCEK, SnpCorpus.bytes(s.vcek())),
        SnpCertEntry.of(SnpCertEntry.Type.ARK, genoaArk))));

    assertRejected(() -> verifier().verify(e, s.at(), POLICY), SnpError.UNTRUSTED_ROOT);
  }

  @Test
  void verify_evidenceSuppliesAsvkAsAsk_chainInvalid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(3);
    byte[] asvk = SnpCorpus.anchors().asvk(ProcessorGeneration.MILAN).orElseThrow().getEncoded();
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(s)), Optional.of(List.of(
        SnpCertEntry.of(SnpCertEntry.Type.VCEK, SnpCorpus.bytes(s.vcek())),
        SnpCertEntry.of(SnpCertEntry.Type.ASK, asvk))));

    assertRejected(() -> verifier().verify(e, s.at(), POLICY), SnpError.CHAIN_INVALID);
  }

  @Test
  void verify_evidenceSuppliesFullChain_valid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(2);
    AmdTrustAnchors a = SnpCorpus.anchors();
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(s)), Optional.of(List.of(
        SnpCertEntry.of(SnpCertEntry.Type.ARK, a.ark(ProcessorGeneration.GENOA).orElseThrow().getEncoded()),
        SnpCertEntry.of(SnpCertEntry.Type.ASK, a.ask(ProcessorGeneration.GENOA).orElseThrow().getEncoded()),
        SnpCertEntry.of(SnpCertEntry.Type.VCEK, SnpCorpus.bytes(s.vcek())))));

    assertThat(verifier().verify(e, s.at(), POLICY).generation()).isEqualTo(ProcessorGeneration.GENOA);
  }

  @Test
  void verify_emptyCertTable_vekMissing() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(1);
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(s)), Optional.of(List.of()));

    assertRejected(() -> verifier().verify(e, s.at(), POLICY), SnpError.VEK_MISSING);
  }

  @Test
  void verify_noTableNoSource_vekMissing() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(1);
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(s)), Optional.empty());

    assertRejected(() -> verifier().verify(e, s.at(), POLICY), SnpError.VEK_MISSING);
  }

  @Test
  void verify_garbageVcek_chainInvalid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(1);
    SnpEvidence e = SnpCorpus.evidence(SnpCorpus.report(s), new byte[] {0x30, 0x03, 1, 2, 3});

    assertRejected(() -> verifier().verify(e, s.at(), POLICY), SnpError.CHAIN_INVALID);
  }

  @Test
  void verify_tamperedVcekByte40_chainInvalid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(1);
    byte[] vcek = SnpCorpus.bytes(s.vcek());
    vcek[40] ^= 0x01;

    assertThatThrownBy(() -> verifier().verify(SnpCorpus.evidence(SnpCorpus.report(s), vcek), s.at(), POLICY))
        .isInstanceOf(SnpRejectedException.class);
  }

  @Test
  void verify_vmplAboveMaximum_rejectedBeforeOrAfterSignature() throws Exception {
    // VMPL is signed: a changed VMPL fails the signature; the policy check itself is covered by
    // the synthetic PKI tests.
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(3);
    byte[] r = SnpCorpus.report(s);
    r[0x30] = 1;

    assertRejected(() -> verifier().verify(SnpCorpus.evidence(r, SnpCorpus.bytes(s.vcek())), s.at(),
        POLICY), SnpError.REPORT_SIGNATURE_INVALID);
  }

  static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, SnpError error) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SnpRejectedException.class,
        e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
  }
}
