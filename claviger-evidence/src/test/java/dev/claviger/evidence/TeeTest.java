package dev.claviger.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TeeTest {

  @Test
  void fromWire_upstreamNames_roundTrip() {
    for (Tee t : Tee.values()) {
      assertThat(Tee.fromWire(t.wireName())).contains(t);
    }
    assertThat(Tee.fromWire("az-snp-vtpm")).contains(Tee.AZ_SNP_VTPM);
    assertThat(Tee.fromWire("sampledevice")).contains(Tee.SAMPLE_DEVICE);
    assertThat(Tee.fromWire("hygondcu")).contains(Tee.HYGON_DCU);
    assertThat(Tee.fromWire("nvidia-dpu")).contains(Tee.NVIDIA_DPU);
  }

  @Test
  void fromWire_unknownOrWrongCase_empty() {
    assertThat(Tee.fromWire("sev")).isEmpty();
    assertThat(Tee.fromWire("TDX")).isEmpty();
    assertThat(Tee.fromWire("")).isEmpty();
    assertThat(Tee.fromWire(null)).isEmpty();
  }

  @Test
  void reportDataRule_sha384OnTdx_zeroPaddedTo64() {
    byte[] digest = new byte[48];
    java.util.Arrays.fill(digest, (byte) 7);
    byte[] field = Tee.TDX.reportDataRule().expectedField(digest);
    assertThat(field).hasSize(64);
    assertThat(java.util.Arrays.copyOf(field, 48)).isEqualTo(digest);
    assertThat(java.util.Arrays.copyOfRange(field, 48, 64)).containsOnly(0);
  }

  @Test
  void reportDataRule_sha384OnTpm_truncatedTo32() {
    byte[] digest = new byte[48];
    digest[31] = 1;
    digest[32] = 2;
    byte[] field = Tee.TPM.reportDataRule().expectedField(digest);
    assertThat(field).hasSize(32).endsWith(1);
  }

  @Test
  void reportDataRule_sampleAndAzure_exact() {
    byte[] digest = {1, 2, 3};
    assertThat(Tee.SAMPLE.reportDataRule().expectedField(digest)).isEqualTo(digest);
    assertThat(Tee.AZ_SNP_VTPM.reportDataRule().expectedField(digest)).isEqualTo(digest);
  }

  @Test
  void initDataRule_perTee_matchesUpstreamFields() {
    assertThat(Tee.TDX.initDataRule()).isEqualTo(new BindingRule(BindingRule.Kind.FIT, 48));
    assertThat(Tee.SNP.initDataRule()).isEqualTo(new BindingRule(BindingRule.Kind.FIT, 32));
    assertThat(Tee.SGX.initDataRule()).isEqualTo(new BindingRule(BindingRule.Kind.FIT, 64));
    assertThat(Tee.CCA.initDataRule().kind()).isEqualTo(BindingRule.Kind.EXACT);
    assertThat(Tee.SAMPLE.initDataRule().kind()).isEqualTo(BindingRule.Kind.NONE);
    assertThat(Tee.SE.initDataRule().kind()).isEqualTo(BindingRule.Kind.NONE);
  }

  @Test
  void initDataRule_tpmPcr8_isOneExtendFromZero() throws Exception {
    byte[] digest = new byte[32];
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    sha.update(new byte[32]);
    byte[] want = sha.digest(digest);
    assertThat(Tee.TPM.initDataRule().expectedField(digest)).isEqualTo(want);
    // SHA-256 of 64 zero bytes, a well-known constant.
    assertThat(HexFormat.of().formatHex(want))
        .isEqualTo("f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
  }

  @Test
  void initDataRule_none_cannotProduceField() {
    assertThatThrownBy(() -> Tee.SAMPLE.initDataRule().expectedField(new byte[1]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bindingRule_invalidSize_rejected() {
    assertThatThrownBy(() -> new BindingRule(BindingRule.Kind.FIT, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BindingRule(BindingRule.Kind.EXACT, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
