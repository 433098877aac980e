package dev.claviger.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.eventlog.EventTypes;
import dev.claviger.evidence.tpm.internal.AkAnchorLoader;
import dev.claviger.evidence.tpm.internal.TpmEvidence;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end with a real software TPM: measured boot into PCRs (the same events go into a TCG
 * log), init data into PCR 8, AKs of three schemes, quotes over all 24 SHA-256 PCRs with the
 * report data as nonce, then the {@code tpm} verifier through the registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwtpmRigTest {
  static final String ALL_PCRS = "sha256:" + IntStream.range(0, 24).mapToObj(Integer::toString)
      .collect(Collectors.joining(","));
  static final byte[] INIT_DATA = TpmHashAlg.SHA256.digest(
      "algorithm = \"sha256\"\nversion = \"0.1.0\"\n".getBytes(StandardCharsets.UTF_8));
  static final String CMDLINE = "console=ttyS0 root=/dev/vda1 ro";

  /** AK kinds: createak and quote arguments. */
  enum Ak {
    RSASSA(0x81000002, "rsa", "rsassa"), ECDSA(0x81000003, "ecc", "ecdsa"),
    RSAPSS(0x81000004, "rsa", "rsapss");

    final int handle;
    final String keyAlg;
    final String scheme;

    Ak(int handle, String keyAlg, String scheme) {
      this.handle = handle;
      this.keyAlg = keyAlg;
      this.scheme = scheme;
    }

    String h() {
      return "0x" + Integer.toHexString(handle);
    }
  }

  Swtpm tpm;
  EventLogBuilder log;
  final java.util.Map<Ak, String> akB64 = new java.util.EnumMap<>(Ak.class);
  final java.util.Map<Ak, String> akArea = new java.util.EnumMap<>(Ak.class);
  int nonceCounter;

  @BeforeAll
  void startTpm() throws Exception {
    tpm = Swtpm.start();
    log = new EventLogBuilder()
        .measure(0, 0x8, "claviger-test-firmware 1.0".getBytes(StandardCharsets.UTF_16LE))
        .measure(7, EventTypes.EV_EFI_VARIABLE_DRIVER_CONFIG, EventLogBuilder.secureBoot(1))
        .measure(0, EventTypes.EV_SEPARATOR, new byte[4])
        .measure(7, EventTypes.EV_SEPARATOR, new byte[4])
        .add(4, EventTypes.EV_EFI_BOOT_SERVICES_APPLICATION,
            TpmHashAlg.SHA256.digest("vmlinuz image".getBytes(StandardCharsets.UTF_8)),
            "\\EFI\\BOOT\\BOOTX64.EFI".getBytes(StandardCharsets.UTF_16LE))
        .measure(4, EventTypes.EV_SEPARATOR, new byte[4])
        .add(9, EventTypes.EV_IPL, TpmHashAlg.SHA256.digest(
            ("kernel_cmdline: " + CMDLINE).getBytes(StandardCharsets.UTF_8)),
            ("kernel_cmdline: " + CMDLINE + "\0").getBytes(StandardCharsets.UTF_8));
    for (EventLogBuilder.Event e : log.events()) {
      tpm.tpm("tpm2_pcrextend", e.pcr() + ":sha256=" + HexFormat.of().formatHex(e.digest()));
    }
    tpm.tpm("tpm2_pcrextend", "8:sha256=" + HexFormat.of().formatHex(INIT_DATA));
    for (Ak ak : Ak.values()) {
      String n = ak.name().toLowerCase();
      tpm.tpm("tpm2_createak", "-C", "0x81010001", "-c", n + ".ctx", "-G", ak.keyAlg, "-g",
          "sha256", "-s", ak.scheme, "-u", n + ".pem", "-f", "pem", "-n", n + ".name");
      tpm.tpm("tpm2_evictcontrol", "-C", "o", "-c", n + ".ctx", ak.h());
      PublicKey key = AkAnchorLoader.publicKey(tpm.file(n + ".pem"), n);
      akB64.put(ak, Base64s.encodeStd(key.getEncoded()));
      tpm.tpm("tpm2_readpublic", "-c", ak.h(), "-o", n + ".tpm2b", "-f", "tss");
      akArea.put(ak, Base64s.encodeStd(tpm.file(n + ".tpm2b")));
    }
  }

  @AfterAll
  void stopTpm() throws Exception {
    if (tpm != null) {
      tpm.close();
    }
  }

  record Quote(byte[] msg, byte[] sig, List<byte[]> pcrs) {}

  Quote quote(Ak ak, byte[] nonce) throws Exception {
    String n = "q" + (nonceCounter++);
    List<String> cmd = new ArrayList<>(List.of("tpm2_quote", "-c", ak.h(), "-l", ALL_PCRS, "-q",
        HexFormat.of().formatHex(nonce), "-m", n + ".msg", "-s", n + ".sig", "-o", n + ".pcrs",
        "-F", "values", "-g", "sha256"));
    if (ak == Ak.RSAPSS) {
      cmd.addAll(List.of("--scheme", "rsapss"));
    }
    tpm.tpm(cmd.toArray(String[]::new));
    return new Quote(tpm.file(n + ".msg"), tpm.file(n + ".sig"), split(tpm.file(n + ".pcrs")));
  }

  static List<byte[]> split(byte[] values) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i + 32 <= values.length; i += 32) {
      out.add(Arrays.copyOfRange(values, i, i + 32));
    }
    assertThat(out).hasSize(24);
    return out;
  }

  ObjectNode evidence(Ak ak, Quote q, byte[] eventLog) {
    ObjectNode ev = JsonNodeFactory.instance.objectNode();
    ev.put("ak_public", akB64.get(ak));
    ev.put("ak_tpm_public", akArea.get(ak));
    ObjectNode tq = ev.putObject("tpm_quote");
    tq.put("message", Base64s.encodeStd(q.msg()));
    tq.put("signature", Base64s.encodeStd(q.sig()));
    ArrayNode pcrs = tq.putArray("pcrs");
    q.pcrs().forEach(p -> pcrs.add(HexFormat.of().formatHex(p)));
    if (eventLog != null) {
      ev.put("eventlog", Base64s.encodeStd(eventLog));
    }
    return ev;
  }

  VerifierConfig trusting(String... keys) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("trusted_ak_keys");
    for (String k : keys) {
      a.add(k);
    }
    return VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS, o);
  }

  VerifiedEvidence verify(VerifierConfig config, ObjectNode ev, byte[] reportData)
      throws Exception {
    return TpmRegistry.load(config).verify(new Evidence(Tee.TPM, ev),
        ExpectedReportData.of(reportData), ExpectedInitData.of(INIT_DATA), Instant.now());
  }

  byte[] reportData(String label) {
    return dev.claviger.core.Digests.sha384(label.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Ak.class)
  void verify_realSwtpmQuote_acceptedWithClaims(Ak ak) throws Exception {
    byte[] rd = reportData("accept " + ak);
    Quote q = quote(ak, Arrays.copyOf(rd, 32));
    VerifiedEvidence v = verify(trusting(akB64.get(ak)), evidence(ak, q, log.build()), rd);
    JsonNode c = v.devices().get(0).claims();
    assertThat(c.get("ak_public").asText()).isEqualTo(akB64.get(ak));
    assertThat(c.get("ak_trust").asText()).isEqualTo("configured_key");
    assertThat(c.get("report_data").asText()).isEqualTo(HexFormat.of().formatHex(rd, 0, 32));
    assertThat(c.get("init_data").asText()).isEqualTo(c.get("pcr08").asText())
        .isEqualTo(HexFormat.of().formatHex(Tee.TPM.initDataRule().expectedField(INIT_DATA)));
    assertThat(c.get("quote").get("signature_scheme").asText()).isEqualTo(ak.scheme);
    assertThat(HexFormat.of().parseHex(c.get("ak_name").asText()))
        .isEqualTo(tpm.file(ak.name().toLowerCase() + ".name"));
    JsonNode el = c.get("event_log");
    assertThat(el.get("secure_boot").asBoolean()).isTrue();
    assertThat(el.get("kernel_cmdline").asText()).isEqualTo(CMDLINE);
    assertThat(el.get("verified_pcrs")).hasSize(4);
    assertThat(el.get("boot_applications").get(0).asText()).isEqualTo(HexFormat.of()
        .formatHex(TpmHashAlg.SHA256.digest("vmlinuz image".getBytes(StandardCharsets.UTF_8))));
    assertThat(v.reportDataHex()).contains(HexFormat.of().formatHex(rd, 0, 32));
    assertThat(v.initDataHex()).contains(HexFormat.of().formatHex(INIT_DATA));
  }

  @Test
  void verify_wrongNonce_nonceMismatch() throws Exception {
    byte[] rd = reportData("nonce");
    Quote q = quote(Ak.RSASSA, Arrays.copyOf(rd, 32));
    assertThatThrownBy(() -> verify(trusting(akB64.get(Ak.RSASSA)),
        evidence(Ak.RSASSA, q, null), reportData("another nonce")))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.NONCE_MISMATCH));
  }

  @Test
  void verify_pcrChangedAfterQuoting_pcrDigestMismatch() throws Exception {
    byte[] rd = reportData("pcr change");
    Quote q = quote(Ak.ECDSA, Arrays.copyOf(rd, 32));
    tpm.tpm("tpm2_pcrextend", "23:sha256=" + HexFormat.of().formatHex(new byte[32]));
    tpm.tpm("tpm2_pcrread", ALL_PCRS, "-o", "now.pcrs", "-F", "values");
    Quote stale = new Quote(q.msg(), q.sig(), split(tpm.file("now.pcrs")));
    assertThat(stale.pcrs().get(23)).isNotEqualTo(q.pcrs().get(23));
    assertThatThrownBy(() -> verify(trusting(akB64.get(Ak.ECDSA)),
        evidence(Ak.ECDSA, stale, null), rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.PCR_DIGEST_MISMATCH));
  }

  @Test
  void verify_akNotInTrustSet_akUntrusted() throws Exception {
    byte[] rd = reportData("untrusted");
    Quote q = quote(Ak.RSASSA, Arrays.copyOf(rd, 32));
    assertThatThrownBy(() -> verify(trusting(akB64.get(Ak.ECDSA)),
        evidence(Ak.RSASSA, q, null), rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.AK_UNTRUSTED));
    assertThatThrownBy(() -> verify(VerifierConfig.defaults(), evidence(Ak.RSASSA, q, null), rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.AK_UNTRUSTED));
  }

  @Test
  void verify_forgedEventLog_eventLogMismatch() throws Exception {
    byte[] rd = reportData("forged log");
    Quote q = quote(Ak.RSASSA, Arrays.copyOf(rd, 32));
    EventLogBuilder forged = new EventLogBuilder();
    for (EventLogBuilder.Event e : log.events()) {
      if (e.type() == EventTypes.EV_IPL) {
        byte[] text = ("kernel_cmdline: " + CMDLINE + " init=/bin/sh")
            .getBytes(StandardCharsets.UTF_8);
        forged.add(e.pcr(), e.type(), TpmHashAlg.SHA256.digest(text), text);
      } else {
        forged.add(e.pcr(), e.type(), e.digest(), e.data());
      }
    }
    assertThatThrownBy(() -> verify(trusting(akB64.get(Ak.RSASSA)),
        evidence(Ak.RSASSA, q, forged.build()), rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.EVENT_LOG_MISMATCH));
  }

  @Test
  void verify_eventDataChangedButDigestKept_dataNotBelieved() throws Exception {
    byte[] rd = reportData("data swap");
    Quote q = quote(Ak.RSASSA, Arrays.copyOf(rd, 32));
    EventLogBuilder swapped = new EventLogBuilder();
    for (EventLogBuilder.Event e : log.events()) {
      byte[] data = e.type() == EventTypes.EV_IPL
          ? "kernel_cmdline: init=/bin/sh\0".getBytes(StandardCharsets.UTF_8) : e.data();
      swapped.add(e.pcr(), e.type(), e.digest(), data);
    }
    JsonNode el = verify(trusting(akB64.get(Ak.RSASSA)), evidence(Ak.RSASSA, q, swapped.build()),
        rd).devices().get(0).claims().get("event_log");
    assertThat(el.has("kernel_cmdline")).isFalse();
  }

  @Test
  void verify_initDataNotExtended_initDataMismatch() throws Exception {
    byte[] rd = reportData("init");
    Quote q = quote(Ak.RSASSA, Arrays.copyOf(rd, 32));
    assertThatThrownBy(() -> TpmRegistry.load(trusting(akB64.get(Ak.RSASSA))).verify(
        new Evidence(Tee.TPM, evidence(Ak.RSASSA, q, null)), ExpectedReportData.of(rd),
        ExpectedInitData.of(new byte[32]), Instant.now()))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.INIT_DATA_MISMATCH));
  }

  @Test
  void readPublic_persistedAk_isRestrictedSigningKeyWithToolsName() throws Exception {
    tpm.tpm("tpm2_readpublic", "-c", Ak.RSASSA.h(), "-o", "ak.tpm2b", "-f", "tss");
    TpmtPublic pub = TpmtPublic.parseTpm2b(tpm.file("ak.tpm2b"));
    assertThat(pub.isAttestationKey()).isTrue();
    assertThat(pub.name()).isEqualTo(tpm.file("rsassa.name"));
    assertThat(Base64s.encodeStd(pub.key().getEncoded())).isEqualTo(akB64.get(Ak.RSASSA));
  }

  @Test
  void ekCertificate_fromSwtpmLocalca_chainsToLocalcaRoot() throws Exception {
    tpm.tpm("tpm2_nvread", "0x1c00002", "-o", "ek.der");
    tpm.tpm("tpm2_readpublic", "-c", "0x81010001", "-o", "ek.pem", "-f", "pem");
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate ek = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(tpm.file("ek.der")));
    X509Certificate root = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(tpm.file("ca/swtpm-localca-rootca-cert.pem")));
    X509Certificate issuer = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(tpm.file("ca/issuercert.pem")));
    PublicKey ekKey = AkAnchorLoader.publicKey(tpm.file("ek.pem"), "ek.pem");
    AkTrust trust = AkTrust.none().withCertificates(List.of(root), List.of(issuer));
    assertThat(trust.check(ekKey, ek, List.of(), Instant.now()))
        .isEqualTo(AkTrust.Basis.CERTIFICATE);
    assertThatThrownBy(() -> AkTrust.none().withCertificates(List.of(issuer), List.of())
        .check(TpmEvidence.spki(java.util.Base64.getDecoder().decode(akB64.get(Ak.RSASSA))), ek,
            List.of(), Instant.now()))
        .hasMessageContaining("different key");
  }

  /** A real vTPM-style quote (nonce = the full 48-byte report data) in a synthetic HCL report. */
  ObjectNode azureEvidence(byte[] rd) throws Exception {
    return azureEvidence(rd, false, null);
  }

  ObjectNode azureEvidence(byte[] rd, boolean tdx, byte[] tdQuoteReportData) throws Exception {
    java.security.interfaces.RSAPublicKey ak = (java.security.interfaces.RSAPublicKey)
        TpmEvidence.spki(java.util.Base64.getDecoder().decode(akB64.get(Ak.RSASSA)));
    ObjectNode jwk = JsonNodeFactory.instance.objectNode();
    jwk.put("kid", "HCLAkPub").put("kty", "RSA")
        .put("n", Base64s.encodeUrlNoPad(unsigned(ak.getModulus())))
        .put("e", Base64s.encodeUrlNoPad(unsigned(ak.getPublicExponent())));
    ObjectNode rc = JsonNodeFactory.instance.objectNode();
    rc.putArray("keys").add(jwk);
    rc.putObject("vm-configuration").put("secure-boot", true);
    rc.put("user-data", HexFormat.of().formatHex(Arrays.copyOf(rd, 64)));
    byte[] var = dev.claviger.core.Json.writeBytes(rc);
    java.nio.ByteBuffer hcl = java.nio.ByteBuffer.allocate(32 + 1184 + 20 + var.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    hcl.put("HCLA".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(hcl.capacity())
        .putInt(2).putInt(0).put(new byte[12]);
    byte[] hw = new byte[1184];
    byte[] varHash = TpmHashAlg.SHA256.digest(var);
    System.arraycopy(varHash, 0, hw, tdx ? 128 : 0x50, 32);
    hcl.put(hw).putInt(20 + var.length).putInt(1).putInt(tdx ? 4 : 2).putInt(1)
        .putInt(var.length).put(var);
    Quote q = quote(Ak.RSASSA, rd);
    ObjectNode ev = JsonNodeFactory.instance.objectNode();
    ev.put("version", 2);
    ObjectNode tq = ev.putObject("tpm_quote");
    tq.put("signature", HexFormat.of().formatHex(Arrays.copyOfRange(q.sig(), 6, q.sig().length)));
    tq.put("message", HexFormat.of().formatHex(q.msg()));
    ArrayNode pcrs = tq.putArray("pcrs");
    q.pcrs().forEach(p -> pcrs.add(HexFormat.of().formatHex(p)));
    ev.put("hcl_report", Base64s.encodeUrl(hcl.array()));
    if (tdx) {
      byte[] td = new byte[48 + 584 + 4];
      td[0] = 4;
      td[4] = (byte) 0x81;
      System.arraycopy(tdQuoteReportData == null ? varHash : tdQuoteReportData, 0, td, 568, 32);
      ev.put("td_quote", Base64s.encodeUrl(td));
    } else {
      ev.put("vcek", Base64s.encodeUrl(new byte[] {1, 2, 3}));
    }
    return ev;
  }

  static byte[] unsigned(java.math.BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  VerifiedEvidence verifyAzure(VerifierConfig config, ObjectNode ev, byte[] rd) throws Exception {
    Tee tee = ev.has("td_quote") ? Tee.AZ_TDX_VTPM : Tee.AZ_SNP_VTPM;
    return TpmRegistry.load(config).verify(new Evidence(tee, ev),
        ExpectedReportData.of(rd), ExpectedInitData.of(INIT_DATA), Instant.now());
  }

  @Test
  void azSnpVtpm_realQuoteInSyntheticHcl_hardwareReportNeverReportedVerified() throws Exception {
    byte[] rd = reportData("azure");
    ObjectNode ev = azureEvidence(rd);
    assertThatThrownBy(() -> verifyAzure(VerifierConfig.defaults(), ev, rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HARDWARE_REPORT_UNVERIFIED));
    ObjectNode waive = JsonNodeFactory.instance.objectNode();
    waive.put("allow_unverified_hardware_report", true);
    VerifierConfig waived = VerifierConfig.defaults().withOptions("az_vtpm_verifier", waive);
    JsonNode c = verifyAzure(waived, ev, rd).devices().get(0).claims();
    assertThat(c.get("hardware_report_verified").asBoolean()).isFalse();
    assertThat(c.has("measurement")).isFalse();
    assertThat(c.get("report_data").asText()).isEqualTo(HexFormat.of().formatHex(rd));
    assertThat(c.get("init_data").asText()).isEqualTo(c.get("tpm").get("pcr08").asText());
    assertThat(c.get("tpm")).hasSize(24);
    assertThatThrownBy(() -> verifyAzure(waived, ev, reportData("other")))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.NONCE_MISMATCH));
    ObjectNode snp = JsonNodeFactory.instance.objectNode();
    snp.put("anchors_dir", TpmCorpus.path("roots/amd").toString());
    assertThatThrownBy(() -> verifyAzure(waived.withOptions("snp_verifier", snp), ev, rd))
        .isInstanceOf(dev.claviger.evidence.EvidenceRejectedException.class);
  }

  @Test
  void azTdxVtpm_realQuoteInSyntheticHcl_tdQuoteBoundAndSentToDcap() throws Exception {
    byte[] rd = reportData("azure tdx");
    ObjectNode ev = azureEvidence(rd, true, null);
    assertThatThrownBy(() -> verifyAzure(VerifierConfig.defaults(), ev, rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HARDWARE_REPORT_UNVERIFIED));
    ObjectNode waive = JsonNodeFactory.instance.objectNode();
    waive.put("allow_unverified_hardware_report", true);
    VerifierConfig waived = VerifierConfig.defaults().withOptions("az_vtpm_verifier", waive);
    JsonNode c = verifyAzure(waived, ev, rd).devices().get(0).claims();
    assertThat(c.get("hardware_report_verified").asBoolean()).isFalse();
    assertThat(c.get("unverified_hardware_report").get("type").asText()).isEqualTo("tdx");
    ObjectNode unbound = azureEvidence(rd, true, new byte[32]);
    assertThatThrownBy(() -> verifyAzure(waived, unbound, rd))
        .isInstanceOfSatisfying(TpmRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(TpmError.HCL_BINDING_MISMATCH));
    VerifierConfig dcap = waived.withOptions("dcap_verifier", JsonNodeFactory.instance.objectNode());
    assertThatThrownBy(() -> verifyAzure(dcap, ev, rd))
        .isInstanceOf(dev.claviger.evidence.EvidenceRejectedException.class)
        .isNotInstanceOf(TpmRejectedException.class);
  }
}
