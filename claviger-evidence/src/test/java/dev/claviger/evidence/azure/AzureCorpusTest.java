package dev.claviger.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.azure.internal.HardwareReports;
import dev.claviger.evidence.azure.internal.HclReport;
import dev.claviger.evidence.azure.internal.RuntimeClaims;
import dev.claviger.evidence.tpm.TpmCorpus;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRegistry;
import dev.claviger.evidence.tpm.TpmRejectedException;
import dev.claviger.evidence.tpm.internal.QuoteVerifier;
import dev.claviger.evidence.tpm.internal.TpmEvidence;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kinvolk/azure-cvm-tooling: a vTPM quote and two HCL reports, from three different VMs. */
class AzureCorpusTest {
  static final String DIR = "tpm/azure-cvm-tooling/";
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  /** quote.bin: u64 sig_len | sig | u64 msg_len | TPMS_ATTEST | u64 n | n x 32-byte PCRs. */
  record BincodeQuote(byte[] sig, byte[] msg, List<byte[]> pcrs) {
    static BincodeQuote read(byte[] raw) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      byte[] sig = new byte[(int) b.getLong()];
      b.get(sig);
      byte[] msg = new byte[(int) b.getLong()];
      b.get(msg);
      long n = b.getLong();
      List<byte[]> pcrs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] p = new byte[32];
        b.get(p);
        pcrs.add(p);
      }
      assertThat(b.remaining()).isZero();
      return new BincodeQuote(sig, msg, pcrs);
    }
  }

  static BincodeQuote quote() {
    return BincodeQuote.read(TpmCorpus.bytes(DIR + "quote.bin"));
  }

  static PublicKey akpub() throws Exception {
    String pem = new String(TpmCorpus.bytes(DIR + "akpub.pem"), StandardCharsets.US_ASCII);
    return TpmEvidence.spki(java.util.Base64.getMimeDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "")));
  }

  @Test
  void verify_azureQuoteWithAkpub_acceptedWithNonceChallenge() throws Exception {
    BincodeQuote q = quote();
    TpmsAttest a = TpmsAttest.parse(q.msg());
    var pcrs = QuoteVerifier.verify(a, TpmtSignature.bareRsassa(q.sig(), TpmHashAlg.SHA256),
        akpub(), q.pcrs());
    assertThat(new String(a.extraData(), StandardCharsets.US_ASCII)).isEqualTo("challenge");
    assertThat(a.firmwareVersion()).isEqualTo(0x2020031200120003L);
    assertThat(pcrs.banks().get(TpmHashAlg.SHA256)).hasSize(24);
    assertThat(q.msg()).isEqualTo(TpmCorpus.bytes(DIR + "quote.bin.tpms_attest"));
  }

  @Test
  void verify_reversedSignature_signatureInvalid() throws Exception {
    BincodeQuote q = quote();
    byte[] rev = q.sig().clone();
    for (int i = 0; i < rev.length / 2; i++) {
      byte t = rev[i];
      rev[i] = rev[rev.length - 1 - i];
      rev[rev.length - 1 - i] = t;
    }
    assertThatThrownBy(() -> QuoteVerifier.verify(TpmsAttest.parse(q.msg()),
        TpmtSignature.bareRsassa(rev, TpmHashAlg.SHA256), akpub(), q.pcrs()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.SIGNATURE_INVALID));
  }

  @Test
  void verify_everySingleByteFlipInAzureQuote_rejected() throws Exception {
    BincodeQuote q = quote();
    PublicKey ak = akpub();
    for (int i = 0; i < q.msg().length; i++) {
      byte[] m = q.msg().clone();
      m[i] ^= 0x04;
      assertThatThrownBy(() -> QuoteVerifier.verify(TpmsAttest.parse(m),
          TpmtSignature.bareRsassa(q.sig(), TpmHashAlg.SHA256), ak, q.pcrs()))
          .isInstanceOf(TpmRejectedException.class);
    }
    for (int i = 0; i < q.sig().length; i++) {
      byte[] s = q.sig().clone();
      s[i] ^= 0x04;
      assertThatThrownBy(() -> QuoteVerifier.verify(TpmsAttest.parse(q.msg()),
          TpmtSignature.bareRsassa(s, TpmHashAlg.SHA256), ak, q.pcrs()))
          .isInstanceOf(TpmRejectedException.class);
    }
  }

  @Test
  void parse_snpHclReport_bindsRuntimeClaimsAndAk() throws Exception {
    HclReport hcl = HclReport.parse(TpmCorpus.bytes(DIR + "hcl-report-snp.bin"));
    assertThat(hcl.type()).isEqualTo(HclReport.Type.SNP);
    assertThat(hcl.version()).isEqualTo(1);
    assertThat(hcl.variableData()).hasSize(583);
    assertThat(Arrays.copyOf(hcl.hardwareReportData(), 32))
        .isEqualTo(TpmHashAlg.SHA256.digest(hcl.variableData()));
    RuntimeClaims rc = RuntimeClaims.parse(hcl.variableData());
    assertThat(rc.json().path("vm-configuration").path("vmUniqueId").asText())
        .isEqualTo("BAEFD3E1-184B-4C4C-AB88-0BDAD260505F");
    assertThat(rc.akPub().getAlgorithm()).isEqualTo("RSA");
    assertThat(rc.akPub().getEncoded()).isNotEqualTo(akpub().getEncoded());
  }

  @Test
  void parse_tdxHclReport_bindsRuntimeClaimsWithUserData() throws Exception {
    HclReport hcl = HclReport.parse(TpmCorpus.bytes(DIR + "hcl-report-tdx.bin"));
    assertThat(hcl.type()).isEqualTo(HclReport.Type.TDX);
    assertThat(hcl.hardwareReport()).hasSize(1024);
    assertThat(hcl.variableData()).hasSize(1202);
    assertThat(Arrays.copyOf(hcl.hardwareReportData(), 32))
        .isEqualTo(TpmHashAlg.SHA256.digest(hcl.variableData()));
    assertThat(RuntimeClaims.parse(hcl.variableData()).userData()).isPresent();
  }

  @Test
  void parse_truncatedOrCorruptHclReport_rejected() {
    byte[] raw = TpmCorpus.bytes(DIR + "hcl-report-snp.bin");
    for (int len : new int[] {0, 3, 31, 32, 1215, 1236, 1500, 1818}) {
      assertThatThrownBy(() -> HclReport.parse(Arrays.copyOf(raw, len)))
          .as("length %d", len).isInstanceOf(TpmFormatException.class);
    }
    byte[] magic = raw.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> HclReport.parse(magic)).hasMessageContaining("HCLA");
    byte[] type = raw.clone();
    type[32 + 1184 + 8] = 3;
    assertThatThrownBy(() -> HclReport.parse(type)).hasMessageContaining("report_type");
  }

  @Test
  void verifier_snpEvidenceFromDifferentVms_quoteNotSignedByHclAk() throws Exception {
    ObjectNode ev = v1Evidence("hcl-report-snp.bin", "vcek", vcekDer());
    assertThatThrownBy(() -> verify(Tee.AZ_SNP_VTPM, ev, VerifierConfig.defaults()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.SIGNATURE_INVALID));
  }

  @Test
  void verifier_runtimeClaimsTampered_hclBindingMismatch() throws Exception {
    byte[] hcl = TpmCorpus.bytes(DIR + "hcl-report-snp.bin");
    hcl[32 + 1184 + 20 + 10] ^= 0x01;
    ObjectNode ev = v1Evidence(hcl, "vcek", vcekDer());
    assertThatThrownBy(() -> verify(Tee.AZ_SNP_VTPM, ev, VerifierConfig.defaults()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HCL_BINDING_MISMATCH));
  }

  @Test
  void verifier_snpReportInTdxVerifier_rejected() throws Exception {
    ObjectNode ev = v1Evidence("hcl-report-snp.bin", "td_quote", new byte[8]);
    assertThatThrownBy(() -> verify(Tee.AZ_TDX_VTPM, ev, VerifierConfig.defaults()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HCL_BINDING_MISMATCH));
  }

  @Test
  void snpHardware_shippedWrongChipVcek_rejectedBySnpVerifier() throws Exception {
    HclReport hcl = HclReport.parse(TpmCorpus.bytes(DIR + "hcl-report-snp.bin"));
    ObjectNode snp = JsonNodeFactory.instance.objectNode();
    snp.put("anchors_dir", TpmCorpus.path("roots/amd").toString());
    assertThatThrownBy(() -> HardwareReports.snp(hcl, Optional.of(vcekDer()), Optional.of(snp),
        NOW)).isInstanceOf(dev.claviger.evidence.EvidenceRejectedException.class)
        .hasMessageContaining("REPORT_SIGNATURE_INVALID");
  }

  @Test
  void snpHardware_noAnchorsConfigured_notVerified() throws Exception {
    HclReport hcl = HclReport.parse(TpmCorpus.bytes(DIR + "hcl-report-snp.bin"));
    assertThat(HardwareReports.snp(hcl, Optional.of(vcekDer()), Optional.empty(), NOW)).isEmpty();
  }

  static byte[] vcekDer() throws Exception {
    var certs = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(
        new java.io.ByteArrayInputStream(TpmCorpus.bytes(DIR + "certs.pem")));
    return certs.iterator().next().getEncoded();
  }

  static ObjectNode v1Evidence(String hclFile, String endorseField, byte[] endorse) {
    return v1Evidence(TpmCorpus.bytes(DIR + hclFile), endorseField, endorse);
  }

  static ObjectNode v1Evidence(byte[] hcl, String endorseField, byte[] endorse) {
    BincodeQuote q = quote();
    ObjectNode ev = JsonNodeFactory.instance.objectNode();
    ev.put("version", 1);
    ObjectNode tq = ev.putObject("tpm_quote");
    tq.put("signature", HexFormat.of().formatHex(q.sig()));
    tq.put("message", HexFormat.of().formatHex(q.msg()));
    ArrayNode pcrs = tq.putArray("pcrs");
    q.pcrs().forEach(p -> pcrs.add(HexFormat.of().formatHex(p)));
    ev.put("hcl_report", Base64s.encodeUrl(hcl));
    ev.put(endorseField, Base64s.encodeUrl(endorse));
    return ev;
  }

  static void verify(Tee tee, ObjectNode ev, VerifierConfig config) throws Exception {
    byte[] challenge = "challenge".getBytes(StandardCharsets.US_ASCII);
    try {
      TpmRegistry.load(config).verify(new Evidence(tee, ev), ExpectedReportData.of(challenge),
          ExpectedInitData.NOT_PROVIDED, NOW);
    } catch (dev.claviger.evidence.EvidenceException e) {
      throw new AssertionError("verifier failed internally", e);
    }
  }

  @Test
  void tdQuoteBinding_reportDataPrefix_checkedForV4AndV5() throws Exception {
    byte[] hash = TpmHashAlg.SHA256.digest(new byte[] {1});
    byte[] v4 = new byte[48 + 584];
    v4[0] = 4;
    v4[4] = (byte) 0x81;
    System.arraycopy(hash, 0, v4, 568, 32);
    HardwareReports.tdQuoteBinding(v4, hash);
    byte[] v5 = new byte[48 + 6 + 584];
    v5[0] = 5;
    v5[4] = (byte) 0x81;
    System.arraycopy(hash, 0, v5, 574, 32);
    HardwareReports.tdQuoteBinding(v5, hash);
    v4[570] ^= 1;
    assertThatThrownBy(() -> HardwareReports.tdQuoteBinding(v4, hash))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HCL_BINDING_MISMATCH));
    assertThatThrownBy(() -> HardwareReports.tdQuoteBinding(new byte[100], hash))
        .isInstanceOf(TpmRejectedException.class);
    byte[] sgx = v5.clone();
    sgx[4] = 0;
    assertThatThrownBy(() -> HardwareReports.tdQuoteBinding(sgx, hash))
        .hasMessageContaining("not a TDX quote");
  }

  @Test
  void verifier_tdxHclWithoutVerifiableTdQuote_hardwareReportUnverified() throws Exception {
    ObjectNode ev = v1Evidence("hcl-report-tdx.bin", "td_quote", new byte[0]);
    ev.remove("td_quote");
    assertThatThrownBy(() -> verify(Tee.AZ_TDX_VTPM, ev, VerifierConfig.defaults()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isIn(TpmError.SIGNATURE_INVALID,
                TpmError.HARDWARE_REPORT_UNVERIFIED));
  }

  @Test
  void parse_v0Evidence_byteArrays() throws Exception {
    BincodeQuote q = quote();
    ObjectNode ev = JsonNodeFactory.instance.objectNode();
    ObjectNode tq = ev.putObject("quote");
    ArrayNode sig = tq.putArray("signature");
    for (byte b : q.sig()) {
      sig.add(b & 0xff);
    }
    ArrayNode msg = tq.putArray("message");
    for (byte b : q.msg()) {
      msg.add(b & 0xff);
    }
    ArrayNode pcrs = tq.putArray("pcrs");
    for (byte[] p : q.pcrs()) {
      ArrayNode a = pcrs.addArray();
      for (byte b : p) {
        a.add(b & 0xff);
      }
    }
    ArrayNode rep = ev.putArray("report");
    for (byte b : TpmCorpus.bytes(DIR + "hcl-report-snp.bin")) {
      rep.add(b & 0xff);
    }
    ev.put("vcek", new String(TpmCorpus.bytes(DIR + "certs.pem"), StandardCharsets.US_ASCII));
    var parsed = dev.claviger.evidence.azure.internal.AzEvidence.parse(ev, true);
    assertThat(parsed.version()).isZero();
    assertThat(parsed.message()).isEqualTo(q.msg());
    assertThat(parsed.pcrs()).hasSize(24);
    rep.add(256);
    assertThatThrownBy(() -> dev.claviger.evidence.azure.internal.AzEvidence.parse(ev, true))
        .isInstanceOf(TpmFormatException.class);
  }
}
