package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Single-byte changes anywhere in the signed region, or in the signature, are rejected. */
class NvidiaTamperTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static byte[] report;
  private static byte[] chain;
  private static NvidiaDeviceVerifier verifier;
  private static byte[] nonce;

  @BeforeAll
  static void load() throws Exception {
    report = NvidiaCorpus.hopperReport();
    chain = NvidiaCorpus.hopperChain();
    List<X509Certificate> roots = NvidiaCorpus.roots("verifier_device_root.pem");
    verifier = new NvidiaDeviceVerifier(roots);
    nonce = NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE);
  }

  @Test
  void verify_untouched_accepted() throws Exception {
    NvidiaDeviceVerifier.Result r = verifier.verify(report, chain, nonce, NOW, true);
    assertThat(r.report().blocks()).hasSize(64);
    assertThat(r.report().signedLength()).isEqualTo(report.length - SpdmReport.SIGNATURE_SIZE);
  }

  @Test
  void verify_everySignedOrSignatureByteFlipped_rejected() {
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < report.length; i++) {
      byte[] t = report.clone();
      t[i] ^= 0x01;
      try {
        verifier.verify(t, chain, nonce, NOW, true);
        accepted.add(i);
      } catch (NvidiaRejectedException e) {
        // expected: malformed, signature, nonce or FWID
      } catch (Exception e) {
        throw new AssertionError("unexpected " + e + " at byte " + i, e);
      }
    }
    assertThat(accepted).as("offsets whose flip was accepted").isEmpty();
  }

  @Test
  void verify_everySwitchReportByteFlipped_rejected() throws Exception {
    com.fasterxml.jackson.databind.JsonNode sw = NvidiaCorpus.JSON.readTree(
        NvidiaCorpus.nvtrust().resolve("ppcie/switch_evidence.json").toFile()).get(0);
    byte[] r = java.util.Base64.getDecoder().decode(sw.get("evidence").asText());
    byte[] c = java.util.Base64.getDecoder().decode(sw.get("certificate").asText());
    byte[] n = NvidiaCorpus.hex(NvidiaCorpus.PPCIE_NONCE);
    assertThat(verifier.verify(r, c, n, NOW, false).config().has("fwid")).isFalse();
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < r.length; i++) {
      byte[] t = r.clone();
      t[i] ^= 0x01;
      try {
        verifier.verify(t, c, n, NOW, false);
        accepted.add(i);
      } catch (NvidiaRejectedException e) {
        // expected
      }
    }
    assertThat(accepted).as("offsets whose flip was accepted").isEmpty();
  }

  @Test
  void verify_switchReportAsGpu_fwidMismatch() throws Exception {
    com.fasterxml.jackson.databind.JsonNode sw = NvidiaCorpus.JSON.readTree(
        NvidiaCorpus.nvtrust().resolve("ppcie/switch_evidence.json").toFile()).get(0);
    assertThatThrownBy(() -> verifier.verify(
        java.util.Base64.getDecoder().decode(sw.get("evidence").asText()),
        java.util.Base64.getDecoder().decode(sw.get("certificate").asText()),
        NvidiaCorpus.hex(NvidiaCorpus.PPCIE_NONCE), NOW, true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.FWID_MISMATCH));
  }

  @Test
  void verify_trailingByteAfterSignature_ignoredAsUpstream() throws Exception {
    byte[] t = java.util.Arrays.copyOf(report, report.length + 1);
    NvidiaDeviceVerifier.Result r = verifier.verify(t, chain, nonce, NOW, true);
    assertThat(r.report().signedLength()).isEqualTo(report.length - SpdmReport.SIGNATURE_SIZE);
  }

  @Test
  void verify_wrongNonce_nonceMismatch() {
    byte[] other = nonce.clone();
    other[31] ^= 1;
    assertThatThrownBy(() -> verifier.verify(report, chain, other, NOW, true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.NONCE_MISMATCH));
  }

  @Test
  void verify_wrongRoot_wrongRoot() throws Exception {
    NvidiaDeviceVerifier other = new NvidiaDeviceVerifier(NvidiaCorpus.roots("verifier_RIM_root.pem"));
    assertThatThrownBy(() -> other.verify(report, chain, nonce, NOW, true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.WRONG_ROOT));
  }

  @Test
  void verify_chainWithoutRootButPinnedRootKnown_accepted() throws Exception {
    List<X509Certificate> full = dev.claviger.evidence.nvidia.internal.CertChains.parsePem(chain,
        dev.claviger.evidence.nvidia.internal.CertChains.DEVICE);
    StringBuilder pem = new StringBuilder();
    for (X509Certificate c : full.subList(0, full.size() - 1)) {
      pem.append("-----BEGIN CERTIFICATE-----\n")
          .append(java.util.Base64.getMimeEncoder().encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    assertThat(verifier.verify(report, pem.toString().getBytes(), nonce, NOW, true)).isNotNull();
  }

  @Test
  void verify_chainMissingIntermediate_chainInvalid() throws Exception {
    List<X509Certificate> full = dev.claviger.evidence.nvidia.internal.CertChains.parsePem(chain,
        dev.claviger.evidence.nvidia.internal.CertChains.DEVICE);
    StringBuilder pem = new StringBuilder();
    for (int i = 0; i < full.size(); i++) {
      if (i != 2) {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(java.util.Base64.getMimeEncoder().encodeToString(full.get(i).getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    }
    assertThatThrownBy(() -> verifier.verify(report, pem.toString().getBytes(), nonce, NOW, true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.CHAIN_INVALID));
  }

  @Test
  void verify_beforeCertificatesValid_certExpired() {
    assertThatThrownBy(() -> verifier.verify(report, chain, nonce,
        Instant.parse("2020-01-01T00:00:00Z"), true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.CERT_EXPIRED));
  }

  @Test
  void verify_otherDevicesChain_signatureInvalid() throws Exception {
    byte[] otherChain = java.util.Base64.getDecoder().decode(NvidiaCorpus.JSON.readTree(
        NvidiaCorpus.nvtrust().resolve("ppcie/gpu_evidence.json").toFile()).get(0)
        .get("certificate").asText());
    assertThatThrownBy(() -> verifier.verify(report, otherChain, nonce, NOW, true))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.SIGNATURE_INVALID));
  }
}
