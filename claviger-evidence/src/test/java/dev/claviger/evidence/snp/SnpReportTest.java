package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Hex;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnpReportTest {

  static Stream<SnpCorpus.Sample> samples() {
    return SnpCorpus.SAMPLES.stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void parse_corpusReport_fieldsAsManifest(SnpCorpus.Sample s) throws Exception {
    SnpReport r = SnpReport.parse(SnpCorpus.report(s));
    TcbVersion tcb = TcbVersion.decode(r.reportedTcbRaw(), s.generation());

    assertThat(r.version()).isEqualTo(s.version());
    assertThat(Hex.encode(r.measurement())).isEqualTo(s.measurement());
    assertThat(Hex.encode(r.chipId())).startsWith(s.chipIdPrefix());
    assertThat(r.policy()).isEqualTo(s.policy());
    assertThat(r.vmpl()).isZero();
    assertThat(r.signingKey()).isEqualTo(SnpReport.SigningKey.VCEK);
    assertThat(new int[] {tcb.bootloader(), tcb.tee(), tcb.snp(), tcb.microcode()})
        .containsExactly(s.bl(), s.tee(), s.snp(), s.ucode());
    assertThat(r.currentTcbRaw()).isEqualTo(r.reportedTcbRaw());
    assertThat(r.cpuidGeneration().orElse(s.generation())).isEqualTo(s.generation());
    assertThat(r.cpuid().isPresent()).isEqualTo(s.version() >= 3);
    assertThat(r.launchMitVector().isPresent()).isEqualTo(s.version() >= 5);
  }

  @Test
  void parse_goSevGuestReport_exactValuesFromItsTests() throws Exception {
    SnpReport r = SnpReport.parse(SnpCorpus.report(SnpCorpus.SAMPLES.get(0)));

    assertThat(Hex.encode(r.reportData())).isEqualTo("0102030405" + "00".repeat(59));
    assertThat(Hex.encode(r.reportId()))
        .isEqualTo("8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a");
    assertThat(Hex.encode(r.reportIdMa())).isEqualTo("ff".repeat(32));
    assertThat(r.reportedTcbRaw()).isEqualTo(0x4405000000000002L);
    assertThat(r.launchTcbRaw()).isEqualTo(4901323769462652930L);
    assertThat(r.currentVersion()).containsExactly(1, 49, 3);
    assertThat(r.platformInfo()).isEqualTo(1);
    assertThat(Hex.encode(r.hostData())).isEqualTo("00".repeat(32));
  }

  @Test
  void parse_oakGenoaV5_cpuidAndFirmware() throws Exception {
    SnpReport r = SnpReport.parse(SnpCorpus.report(SnpCorpus.SAMPLES.get(2)));

    assertThat(r.cpuid().orElseThrow()).containsExactly(0x19, 0x11, 0x1);
    assertThat(r.currentVersion()).containsExactly(1, 55, 43);
    assertThat(r.platformInfo()).isEqualTo(0x25);
    assertThat(Hex.encode(r.reportData()))
        .startsWith("8100555af0ad8e7525be6dffeed0af83e30bbacbf03b76e175e6894d1ed057ce");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 1183, 1185, 4096})
  void parse_wrongLength_malformedReport(int length) {
    byte[] b = Arrays.copyOf(SnpCorpus.report(SnpCorpus.SAMPLES.get(1)), length);

    assertThatThrownBy(() -> SnpReport.parse(b))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.MALFORMED_REPORT));
  }

  @Test
  void parse_null_malformedReport() {
    assertThatThrownBy(() -> SnpReport.parse(null))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.MALFORMED_REPORT));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4, 6, 0x100, -1})
  void parse_unsupportedVersion_rejected(int version) {
    byte[] b = SnpCorpus.report(SnpCorpus.SAMPLES.get(2));
    putU32(b, 0, version);

    assertThatThrownBy(() -> SnpReport.parse(b))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.UNSUPPORTED_VERSION));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 0x101, -1})
  void parse_badSignatureAlgorithm_rejected(int algo) {
    byte[] b = SnpCorpus.report(SnpCorpus.SAMPLES.get(3));
    putU32(b, 0x34, algo);

    assertThatThrownBy(() -> SnpReport.parse(b))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.UNSUPPORTED_SIGNATURE_ALGORITHM));
  }

  @Test
  void signingKey_keyInfoBits_decoded() throws Exception {
    byte[] b = SnpCorpus.report(SnpCorpus.SAMPLES.get(3));
    putU32(b, 0x48, 1 << 2);
    assertThat(SnpReport.parse(b).signingKey()).isEqualTo(SnpReport.SigningKey.VLEK);
    putU32(b, 0x48, 7 << 2);
    assertThat(SnpReport.parse(b).signingKey()).isEqualTo(SnpReport.SigningKey.NONE);
    putU32(b, 0x48, 3 << 2 | 3);
    assertThat(SnpReport.parse(b).signingKey()).isEqualTo(SnpReport.SigningKey.RESERVED);
  }

  @Test
  void bytes_returnsCopy_reportImmutable() throws Exception {
    SnpReport r = SnpReport.parse(SnpCorpus.report(SnpCorpus.SAMPLES.get(0)));
    r.bytes()[0x90] ^= 1;
    r.measurement()[0] ^= 1;

    assertThat(Hex.encode(r.measurement())).isEqualTo(SnpCorpus.SAMPLES.get(0).measurement());
  }

  @Test
  void tcbVersion_turinLayout_fmcFirst() {
    long raw = TcbVersion.encode(1, 2, 3, 4, 9, ProcessorGeneration.TURIN);
    TcbVersion t = TcbVersion.decode(raw, ProcessorGeneration.TURIN);

    assertThat(raw).isEqualTo(0x0900000004030201L);
    assertThat(t.fmc().getAsInt()).isEqualTo(1);
    assertThat(new int[] {t.bootloader(), t.tee(), t.snp(), t.microcode()}).containsExactly(2, 3, 4, 9);
    assertThat(TcbVersion.decode(0x4405000000000002L, ProcessorGeneration.MILAN).fmc()).isEmpty();
  }

  @Test
  void processorGeneration_cpuidRanges_asUpstream() {
    assertThat(ProcessorGeneration.fromCpuid(0x19, 0x01)).contains(ProcessorGeneration.MILAN);
    assertThat(ProcessorGeneration.fromCpuid(0x19, 0x11)).contains(ProcessorGeneration.GENOA);
    assertThat(ProcessorGeneration.fromCpuid(0x19, 0xA0)).contains(ProcessorGeneration.GENOA);
    assertThat(ProcessorGeneration.fromCpuid(0x1A, 0x02)).contains(ProcessorGeneration.TURIN);
    assertThat(ProcessorGeneration.fromCpuid(0x19, 0x30)).isEmpty();
    assertThat(ProcessorGeneration.fromCpuid(0x1A, 0x50)).isEmpty();
    assertThat(ProcessorGeneration.fromCpuid(0x17, 0x01)).isEmpty();
    assertThat(ProcessorGeneration.fromProductName("Milan-B0")).contains(ProcessorGeneration.MILAN);
    assertThat(ProcessorGeneration.fromCommonName("SEV-VLEK-Turin")).contains(ProcessorGeneration.TURIN);
    assertThat(ProcessorGeneration.fromCommonName("SEV-VCEK")).isEmpty();
  }

  static void putU32(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }
}
