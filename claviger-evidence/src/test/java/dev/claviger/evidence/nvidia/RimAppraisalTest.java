package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RIM selection and comparison over real signed RIMs (linked into a temporary directory, not
 * copied), with a report whose measurements are built from those RIMs: the only way to exercise
 * the success path, since the corpus has no RIM for its reports.
 */
class RimAppraisalTest {
  private static final Instant WHILE_VALID = Instant.parse("2025-01-01T00:00:00Z");
  private static final String DRIVER = "Driver_RIM_test_no_gpu.swidtag";
  private static final String VBIOS = "1010_0200_882_96005E0001_test_no_gpu.swidtag";

  @TempDir
  Path dir;

  private List<X509Certificate> roots() throws Exception {
    return NvidiaCorpus.roots("verifier_RIM_root.pem");
  }

  private void link(String... names) throws Exception {
    for (String n : names) {
      Files.createSymbolicLink(dir.resolve(n), NvidiaCorpus.nvtrust().resolve("rims").resolve(n)
          .toAbsolutePath());
    }
  }

  private SpdmReport reportMatching(int corruptIndex) throws Exception {
    List<SpdmReport.MeasurementBlock> blocks = new ArrayList<>();
    for (String n : List.of(DRIVER, VBIOS)) {
      Rim rim = Rim.verify(Files.readAllBytes(NvidiaCorpus.nvtrust().resolve("rims").resolve(n)),
          roots(), WHILE_VALID);
      for (Map.Entry<Integer, List<String>> e : rim.measurements().entrySet()) {
        byte[] v = HexFormat.of().parseHex(e.getValue().get(0));
        if (e.getKey() == corruptIndex) {
          v[0] ^= 1;
        }
        blocks.add(new SpdmReport.MeasurementBlock(e.getKey(), 1, v));
      }
    }
    return new SpdmReport(new byte[32], 1, 0xFF, 0, blocks, new byte[32], new byte[0], 0,
        new byte[96]);
  }

  private static ObjectNode config() {
    return JsonNodeFactory.instance.objectNode().put("driver_version", "545.00")
        .put("vbios_version", "96.00.5e.00.01").put("project", "1010").put("project_sku", "0200")
        .put("chip_sku", "882");
  }

  @Test
  void appraise_measurementsEqualRims_success() throws Exception {
    link(DRIVER, VBIOS, "g520_0200_885_9600740001_PROD.swidtag");
    JsonNode r = new RimAppraisal(roots(), dir, WHILE_VALID).appraise(reportMatching(-1), config());
    assertThat(r.get("measres").asText()).isEqualTo("success");
    assertThat(r.at("/driver/file").asText()).isEqualTo(DRIVER);
    assertThat(r.at("/vbios/file").asText()).isEqualTo(VBIOS);
  }

  @Test
  void appraise_oneMeasurementDiffers_failWithIndex() throws Exception {
    link(DRIVER, VBIOS);
    JsonNode r = new RimAppraisal(roots(), dir, WHILE_VALID).appraise(reportMatching(23), config());
    assertThat(r.get("measres").asText()).isEqualTo("fail");
    assertThat(r.at("/driver/mismatches/0").asInt()).isEqualTo(23);
    assertThat(r.at("/vbios/mismatches").size()).isZero();
  }

  @Test
  void appraise_rimsExpired_notUsed() throws Exception {
    link(DRIVER, VBIOS);
    JsonNode r = new RimAppraisal(roots(), dir, Instant.parse("2026-11-22T00:00:00Z"))
        .appraise(reportMatching(-1), config());
    assertThat(r.get("measres").asText()).isEqualTo("fail");
    assertThat(r.at("/driver/found").asBoolean()).isFalse();
    assertThat(r.at("/driver/unusable_rim").asText()).contains("RIM_CERT_EXPIRED");
  }

  @Test
  void appraise_twoRimsSameVersionAndBoard_ambiguousNotUsed() throws Exception {
    link(DRIVER, VBIOS, "1010_0200_882_96005E0001_PROD.swidtag");
    JsonNode r = new RimAppraisal(roots(), dir, WHILE_VALID).appraise(reportMatching(-1), config());
    assertThat(r.at("/vbios/found").asBoolean()).isFalse();
    assertThat(r.at("/vbios/ambiguous").asText()).contains("2 verified RIMs");
    assertThat(r.get("measres").asText()).isEqualTo("fail");
  }
}
