package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Hex;
import dev.claviger.evidence.snp.internal.Certs;
import dev.claviger.evidence.snp.internal.VekChain;
import dev.claviger.evidence.snp.internal.VekExtensions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real Turin VCEK (no Turin report is public) and the Milan/Genoa VCEK extensions. */
class VekCertificateTest {
  private static X509Certificate cert(String rel) throws Exception {
    return Certs.certificate(SnpCorpus.bytes(rel));
  }

  @Test
  void extensions_turinVcek_fmcAnd8ByteHwId() throws Exception {
    VekExtensions e = VekExtensions.of(cert("sev-snp/virtee-sev/vcek_turin.der"));

    assertThat(e.productName()).contains("Turin");
    assertThat(e.fmcSpl().getAsInt()).isZero();
    assertThat(new int[] {e.blSpl(), e.teeSpl(), e.snpSpl(), e.ucodeSpl()}).containsExactly(0, 0, 0, 9);
    assertThat(Hex.encode(e.hwId(8).orElseThrow())).isEqualTo("1e550a8ee5cf9f4d");
    assertThatThrownBy(() -> e.hwId(64)).isInstanceOf(java.io.IOException.class);
    assertThat(e.spl4to7()).containsExactly(-1, 0, 0, 0);
  }

  @Test
  void extensions_milanVcek_64ByteHwIdAndSpls() throws Exception {
    VekExtensions e = VekExtensions.of(cert("sev-snp/virtee-sev/vcek_milan.der"));

    assertThat(e.productName()).contains("Milan-B0");
    assertThat(e.fmcSpl()).isEmpty();
    assertThat(new int[] {e.blSpl(), e.teeSpl(), e.snpSpl(), e.ucodeSpl()}).containsExactly(3, 0, 8, 115);
    assertThat(Hex.encode(e.hwId(64).orElseThrow())).startsWith("d49554ec717f4e5b");
    assertThat(e.spl4to7()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void chain_turinVcekUnderTurinAnchors_valid() throws Exception {
    VekChain chain = new VekChain(SnpCorpus.anchors());
    X509Certificate vcek = cert("sev-snp/virtee-sev/vcek_turin.der");

    assertThat(chain.verify(ProcessorGeneration.TURIN, VekChain.Kind.VCEK, vcek, Optional.empty(),
        Optional.empty(), Instant.parse("2026-11-22T00:00:00Z"), false)).isFalse();
  }

  @Test
  void chain_turinVcekWithSuppliedTurinChainFile_valid() throws Exception {
    var supplied = Certs.certificates(SnpCorpus.bytes("sev-snp/virtee-sev/cert_chain_turin"));
    X509Certificate ask = supplied.stream()
        .filter(c -> Certs.commonName(c.getSubjectX500Principal()).equals("SEV-Turin")).findFirst().orElseThrow();
    X509Certificate ark = supplied.stream()
        .filter(c -> Certs.commonName(c.getSubjectX500Principal()).equals("ARK-Turin")).findFirst().orElseThrow();

    new VekChain(SnpCorpus.anchors()).verify(ProcessorGeneration.TURIN, VekChain.Kind.VCEK,
        cert("sev-snp/virtee-sev/vcek_turin.der"), Optional.of(ask), Optional.of(ark),
        Instant.parse("2030-01-01T00:00:00Z"), false);
  }

  @Test
  void chain_turinVcekAsMilan_chainInvalid() throws Exception {
    VekChain chain = new VekChain(SnpCorpus.anchors());

    SnpCorpusVerificationTest.assertRejected(() -> chain.verify(ProcessorGeneration.MILAN,
        VekChain.Kind.VCEK, cert("sev-snp/virtee-sev/vcek_turin.der"), Optional.empty(),
        Optional.empty(), Instant.parse("2026-11-22T00:00:00Z"), false), SnpError.CHAIN_INVALID);
  }

  @Test
  void chain_vcekAsVlek_chainInvalid() throws Exception {
    VekChain chain = new VekChain(SnpCorpus.anchors());

    SnpCorpusVerificationTest.assertRejected(() -> chain.verify(ProcessorGeneration.MILAN,
        VekChain.Kind.VLEK, cert("sev-snp/virtee-sev/vcek_milan.der"), Optional.empty(),
        Optional.empty(), Instant.parse("2026-11-22T00:00:00Z"), false), SnpError.CHAIN_INVALID);
  }

  @Test
  void chain_turinVcekBeforeIssue_notValidAtInstant() throws Exception {
    VekChain chain = new VekChain(SnpCorpus.anchors());

    SnpCorpusVerificationTest.assertRejected(() -> chain.verify(ProcessorGeneration.TURIN,
        VekChain.Kind.VCEK, cert("sev-snp/virtee-sev/vcek_turin.der"), Optional.empty(),
        Optional.empty(), Instant.parse("2024-01-01T00:00:00Z"), false),
        SnpError.CERTIFICATE_NOT_VALID_AT_INSTANT);
  }
}
