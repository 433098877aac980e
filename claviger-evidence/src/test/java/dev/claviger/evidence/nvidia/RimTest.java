package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed RIMs of the corpus: signature, chain, validity, tamper, secure parsing, comparison. */
class RimTest {
  /** All RIM signers of the corpus are valid then (earliest expiry 2025-06-22). */
  private static final Instant WHILE_VALID = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static List<X509Certificate> rimRoot;

  @BeforeAll
  static void load() throws Exception {
    rimRoot = NvidiaCorpus.roots("verifier_RIM_root.pem");
  }

  private static List<Path> rims() throws Exception {
    try (Stream<Path> s = Files.list(NvidiaCorpus.nvtrust().resolve("rims"))) {
      return s.filter(p -> p.toString().endsWith(".swidtag")).sorted().toList();
    }
  }

  private static byte[] read(String name) throws Exception {
    return Files.readAllBytes(NvidiaCorpus.nvtrust().resolve("rims").resolve(name));
  }

  private static NvidiaError error(byte[] xml, List<X509Certificate> roots, Instant at) {
    try {
      Rim.verify(xml, roots, at);
    } catch (NvidiaRejectedException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    return null;
  }

  @Test
  void verify_everyCorpusRimWhileSignerValid_accepted() throws Exception {
    List<Path> files = rims();
    assertThat(files).hasSize(26);
    for (Path f : files) {
      Rim rim = Rim.verify(Files.readAllBytes(f), rimRoot, WHILE_VALID);
      assertThat(rim.product()).as(f.toString()).isEqualTo("GH100");
      assertThat(rim.signer()).contains("HCC RIM L4 Signer");
      boolean driver = f.getFileName().toString().startsWith("Driver");
      assertThat(rim.measurements()).as(f.toString()).hasSize(driver ? 21 : 12);
    }
  }

  @Test
  void verify_everyCorpusRimToday_rimCertExpired() throws Exception {
    for (Path f : rims()) {
      assertThat(error(Files.readAllBytes(f), rimRoot, NOW)).as(f.toString())
          .isEqualTo(NvidiaError.RIM_CERT_EXPIRED);
    }
  }

  @Test
  void verify_deviceRootInsteadOfRimRoot_rimChainInvalid() throws Exception {
    assertThat(error(read("Driver_RIM_test_no_gpu.swidtag"),
        NvidiaCorpus.roots("verifier_device_root.pem"), WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_CHAIN_INVALID);
  }

  @Test
  void verify_versionOrHashChanged_rimSignatureInvalid() throws Exception {
    String xml = new String(read("1010_0200_882_96005E0001_PROD.swidtag"), StandardCharsets.UTF_8);
    String v = xml.replace("colloquialVersion=\"96.00.5E.00.01\"", "colloquialVersion=\"96.00.5E.00.02\"");
    assertThat(v).isNotEqualTo(xml);
    assertThat(error(v.getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_SIGNATURE_INVALID);
    int at = xml.indexOf("Hash0=\"") + 10;
    String h = xml.substring(0, at) + (xml.charAt(at) == 'a' ? 'b' : 'a') + xml.substring(at + 1);
    assertThat(error(h.getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_SIGNATURE_INVALID);
  }

  @Test
  void verify_bytesFlippedAcrossDocument_rejected() throws Exception {
    byte[] xml = read("Driver_RIM_test_no_gpu.swidtag");
    String text = new String(xml, StandardCharsets.UTF_8);
    int keyInfo = text.indexOf("<ds:KeyInfo>");
    List<Integer> accepted = new ArrayList<>();
    // Everything outside KeyInfo is signed (Reference URI="" or SignedInfo) or the signature
    // value; KeyInfo is covered by the chain check instead. A stride keeps the run short.
    for (int i = 0; i < xml.length; i += 41) {
      if (i >= keyInfo && i < text.indexOf("</ds:KeyInfo>")) {
        continue;
      }
      byte[] t = xml.clone();
      t[i] ^= 0x01;
      if (error(t, rimRoot, WHILE_VALID) == null) {
        accepted.add(i);
      }
    }
    assertThat(accepted).as("offsets whose flip was accepted").isEmpty();
  }

  @Test
  void parse_doctypeOrEntity_rimMalformed() throws Exception {
    String xml = new String(read("Driver_RIM_test_no_gpu.swidtag"), StandardCharsets.UTF_8);
    String dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + xml;
    assertThat(error(dtd.getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_MALFORMED);
    assertThat(error("<a/>".getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_MALFORMED);
    assertThat(error("not xml".getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_MALFORMED);
    String unsigned = xml.replaceAll("(?s)<ds:Signature .*</ds:Signature>", "");
    assertThat(error(unsigned.getBytes(StandardCharsets.UTF_8), rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_MALFORMED);
    assertThat(error(new byte[Rim.MAX_SIZE + 1], rimRoot, WHILE_VALID))
        .isEqualTo(NvidiaError.RIM_MALFORMED);
  }

  @Test
  void mismatches_testNoGpuRimsAgainstHopperReport_asManifest() throws Exception {
    SpdmReport report = SpdmReport.parse(NvidiaCorpus.hopperReport());
    Map<Integer, byte[]> reported = new HashMap<>();
    report.blocks().forEach(b -> reported.put(b.index(), b.value()));
    Rim driver = Rim.verify(read("Driver_RIM_test_no_gpu.swidtag"), rimRoot, WHILE_VALID);
    Rim vbios = Rim.verify(read("1010_0200_882_96005E0001_test_no_gpu.swidtag"), rimRoot, WHILE_VALID);
    // MANIFEST lists RIM indices; SPDM block index = RIM index + 1.
    assertThat(driver.mismatches(reported))
        .containsExactly(8, 22, 23, 26, 27, 28, 30, 31, 32, 33, 35, 37, 38, 40, 41);
    assertThat(vbios.mismatches(reported)).containsExactly(2, 3, 4, 10, 12);
    assertThat(driver.isFor("545.00")).isTrue();
    assertThat(vbios.isFor("96.00.5e.00.01")).isTrue();
  }

  @Test
  void verifier_withRimDirAndNoMatchingRim_measresFail() throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode()
        .put("rim_dir", NvidiaCorpus.nvtrust().resolve("rims").toString());
    ObjectNode ev = NvidiaCorpus.evidence("HOPPER", "u",
        Files.readString(NvidiaCorpus.nvtrust().resolve("hopperAttestationReport.txt")).strip(),
        NvidiaCorpus.hopperChain());
    JsonNode rim = NvidiaCorpus.registry(VerifierConfig.defaults().withOptions("nvidia_verifier", cfg))
        .verify(new Evidence(Tee.NVIDIA, ev),
            ExpectedReportData.of(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE)),
            ExpectedInitData.NOT_PROVIDED, WHILE_VALID)
        .devices().get(0).claims().get("rim");
    assertThat(rim.get("measres").asText()).isEqualTo("fail");
    assertThat(rim.at("/driver/found").asBoolean()).isFalse();
    assertThat(rim.at("/vbios/found").asBoolean()).isFalse();
  }
}
