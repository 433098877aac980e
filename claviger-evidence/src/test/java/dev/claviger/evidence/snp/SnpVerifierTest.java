package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.snp.internal.EvidenceJsonWriter;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SPI path: registry → SnpVerifier → claims, bindings and configuration. */
class SnpVerifierTest {
  private static final SnpCorpus.Sample OAK_MILAN = SnpCorpus.SAMPLES.get(3);

  @TempDir
  Path tmp;

  /** A registry that sees only {@link SnpVerifier} (the main services file is the lead's). */
  private VerifierRegistry registry(ObjectNode options) throws Exception {
    Path services = tmp.resolve("services");
    Files.writeString(services, SnpVerifier.class.getName() + "\n");
    ClassLoader parent = getClass().getClassLoader();
    ClassLoader onlySnp = new ClassLoader(parent) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        if (name.equals("META-INF/services/dev.claviger.evidence.Verifier")) {
          return Collections.enumeration(java.util.List.of(services.toUri().toURL()));
        }
        return super.getResources(name);
      }
    };
    return VerifierRegistry.load(VerifierConfig.defaults().withOptions("snp_verifier", options), onlySnp);
  }

  private static ObjectNode options() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("anchors_dir", SnpCorpus.path("roots/amd").toString());
    return o;
  }

  private static Evidence evidence(SnpCorpus.Sample s, boolean withChain) throws Exception {
    SnpEvidence e = SnpCorpus.evidence(s);
    return new Evidence(Tee.SNP, EvidenceJsonWriter.write(e.report(),
        withChain ? e.certChain() : Optional.empty()));
  }

  @Test
  void verify_oakMilanWithReportData_claimsAndBindingRecorded() throws Exception {
    byte[] rd = SnpReport.parse(SnpCorpus.report(OAK_MILAN)).reportData();
    byte[] digest = Arrays.copyOf(rd, 32); // the rest of REPORT_DATA is zero: FIT(64) pads
    VerifiedEvidence v = registry(options()).verify(evidence(OAK_MILAN, true),
        ExpectedReportData.of(digest), ExpectedInitData.of(new byte[32]), OAK_MILAN.at());

    assertThat(v.tee()).isEqualTo(Tee.SNP);
    assertThat(v.reportDataHex()).contains(Hex.encode(rd));
    assertThat(v.initDataHex()).contains("00".repeat(32));
    assertThat(v.devices()).singleElement().satisfies(d -> {
      assertThat(d.teeClass()).isEqualTo(TeeClass.CPU);
      JsonNode c = d.claims();
      assertThat(c.get("measurement").asText()).isEqualTo(OAK_MILAN.measurement());
      assertThat(c.get("reported_tcb_microcode").asInt()).isEqualTo(219);
    });
  }

  @Test
  void verify_wrongReportData_reportDataMismatch() throws Exception {
    VerifierRegistry r = registry(options());

    assertThatThrownBy(() -> r.verify(evidence(OAK_MILAN, true), ExpectedReportData.of(new byte[48]),
        ExpectedInitData.NOT_PROVIDED, OAK_MILAN.at()))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.REPORT_DATA_MISMATCH));
  }

  @Test
  void verify_wrongInitData_initDataMismatch() throws Exception {
    VerifierRegistry r = registry(options());
    byte[] initDigest = new byte[32];
    initDigest[0] = 1;

    assertThatThrownBy(() -> r.verify(evidence(OAK_MILAN, true), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.of(initDigest), OAK_MILAN.at()))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.INIT_DATA_MISMATCH));
  }

  @Test
  void verify_vcekFromOfflineStore_upstreamLayout() throws Exception {
    SnpReport report = SnpReport.parse(SnpCorpus.report(OAK_MILAN));
    Path dir = tmp.resolve("store/vcek").resolve(Hex.encode(report.chipId()));
    Files.createDirectories(dir);
    Files.write(dir.resolve(VekSources.tcbPrefix(report.reportedTcbRaw(), ProcessorGeneration.MILAN)
        + "_vcek.der"), SnpCorpus.bytes(OAK_MILAN.vcek()));
    ObjectNode o = options();
    o.putArray("vcek_sources").addObject().put("type", "OfflineStore")
        .put("path", tmp.resolve("store").toString());

    VerifiedEvidence v = registry(o).verify(evidence(OAK_MILAN, false), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, OAK_MILAN.at());

    assertThat(v.devices()).hasSize(1);
    assertThat(VekSources.tcbPrefix(report.reportedTcbRaw(), ProcessorGeneration.MILAN))
        .isEqualTo("bl04_tee00_snp24_ucode219");
  }

  @Test
  void verify_offlineStoreFlatFallback_found() throws Exception {
    SnpReport report = SnpReport.parse(SnpCorpus.report(OAK_MILAN));
    Path dir = tmp.resolve("flat/vcek").resolve(Hex.encode(report.chipId()));
    Files.createDirectories(dir);
    Files.write(dir.resolve("vcek.der"), SnpCorpus.bytes(OAK_MILAN.vcek()));

    Optional<byte[]> found = VekSources.offlineStore(tmp.resolve("flat"))
        .find(report, report.cpuidGeneration());

    assertThat(found).contains(SnpCorpus.bytes(OAK_MILAN.vcek()));
    assertThat(VekSources.offlineStore(tmp.resolve("absent")).find(report, Optional.empty())).isEmpty();
  }

  @Test
  void verify_noChainNoSource_vekMissing() throws Exception {
    VerifierRegistry r = registry(options());

    assertThatThrownBy(() -> r.verify(evidence(OAK_MILAN, false), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, OAK_MILAN.at()))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.VEK_MISSING));
  }

  @Test
  void verify_debugGuestAllowedByOption_accepted() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(0);
    ObjectNode o = options().put("allow_debug", true);

    assertThat(registry(o).verify(evidence(s, true), ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, s.at()).devices()).hasSize(1);
    assertThatThrownBy(() -> registry(options()).verify(evidence(s, true),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, s.at()))
        .isInstanceOf(SnpRejectedException.class).hasMessageContaining("debugging");
  }

  @Test
  void verify_misconfigured_evidenceException() throws Exception {
    ObjectNode unknown = options().put("alow_debug", true);
    ObjectNode badAnchors = JsonNodeFactory.instance.objectNode().put("anchors_dir", 1);
    ObjectNode pinsWithoutDir = JsonNodeFactory.instance.objectNode();
    pinsWithoutDir.putArray("ark_sha256").add("00".repeat(32));
    ObjectNode kdsTypo = options();
    kdsTypo.putArray("vcek_sources").addObject().put("type", "Kds");
    ObjectNode missingDir = options().put("anchors_dir", tmp.resolve("nope").toString());

    for (ObjectNode o : java.util.List.of(unknown, badAnchors, pinsWithoutDir, kdsTypo, missingDir)) {
      VerifierRegistry r = registry(o);
      assertThatThrownBy(() -> r.verify(evidence(OAK_MILAN, true), ExpectedReportData.NOT_PROVIDED,
          ExpectedInitData.NOT_PROVIDED, OAK_MILAN.at())).isInstanceOf(EvidenceException.class);
    }
  }

  @Test
  void verify_noAnchorsDir_builtInProductionAnchors() throws Exception {
    VerifiedEvidence v = registry(JsonNodeFactory.instance.objectNode()).verify(
        evidence(OAK_MILAN, true), ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED,
        OAK_MILAN.at());

    assertThat(v.devices()).hasSize(1);
  }

  @Test
  void verify_evidenceNotSnpJson_malformedEvidence() throws Exception {
    VerifierRegistry r = registry(options());
    Evidence bad = new Evidence(Tee.SNP, JsonNodeFactory.instance.textNode(
        new String(new byte[] {'x'}, StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> r.verify(bad, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, OAK_MILAN.at()))
        .isInstanceOfSatisfying(SnpRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(SnpError.MALFORMED_EVIDENCE));
  }

  @Test
  void directorySource_collateralDirectory_picksVcekByHwId() throws Exception {
    Files.write(tmp.resolve("a.der"), SnpCorpus.bytes(SnpCorpus.SAMPLES.get(1).vcek()));
    Files.write(tmp.resolve("b.der"), SnpCorpus.bytes(OAK_MILAN.vcek()));
    Files.writeString(tmp.resolve("notes.txt"), "not a certificate");
    SnpReport report = SnpReport.parse(SnpCorpus.report(OAK_MILAN));

    assertThat(VekSources.directory(tmp).find(report, Optional.empty()))
        .contains(SnpCorpus.bytes(OAK_MILAN.vcek()));
  }
}
