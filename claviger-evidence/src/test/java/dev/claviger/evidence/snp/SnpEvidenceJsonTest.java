package dev.claviger.evidence.snp;

import static dev.claviger.evidence.snp.SnpCorpusVerificationTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.evidence.snp.internal.EvidenceJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnpEvidenceJsonTest {

  static Stream<SnpCorpus.Sample> samples() {
    return SnpCorpus.SAMPLES.stream();
  }

  private static ObjectNode json(SnpCorpus.Sample s) throws Exception {
    return EvidenceJsonWriter.write(SnpCorpus.evidence(s).report(), SnpCorpus.evidence(s).certChain());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void fromJson_upstreamSerdeForm_rebuildsSignedBytes(SnpCorpus.Sample s) throws Exception {
    String text = Json.write(json(s));
    SnpEvidence e = SnpEvidence.fromJson(Json.parse(text));

    assertThat(e.report().bytes()).isEqualTo(SnpCorpus.report(s));
    assertThat(e.certChain().orElseThrow()).singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(SnpCertEntry.Type.VCEK))
        .satisfies(c -> assertThat(c.data()).isEqualTo(SnpCorpus.bytes(s.vcek())));
    SnpVerification v = new SnpReportVerifier(SnpCorpus.anchors(), List.of())
        .verify(e, s.at(), SnpPolicy.strict().allowingDebug());
    assertThat(v.claims().get("measurement").asText()).isEqualTo(s.measurement());
  }

  @Test
  void fromJson_upstreamFieldShapes_asSevCrate() throws Exception {
    JsonNode r = json(SnpCorpus.SAMPLES.get(2)).get("attestation_report");

    assertThat(r.get("policy").isIntegralNumber()).isTrue();
    assertThat(r.get("current_tcb").get("fmc").isNull()).isTrue();
    assertThat(r.get("signature").get("r")).hasSize(72);
    assertThat(r.get("cpuid_fam_id").asInt()).isEqualTo(0x19);
    assertThat(r.get("current").get("minor").asInt()).isEqualTo(55);
    assertThat(r.get("chip_id")).hasSize(64);
    assertThat(r.get("launch_mit_vector").isIntegralNumber()).isTrue();
  }

  @Test
  void fromJson_nullCertChainAndOptionalFieldsAbsent_accepted() throws Exception {
    ObjectNode j = json(SnpCorpus.SAMPLES.get(3));
    j.putNull("cert_chain");
    ((ObjectNode) j.get("attestation_report")).remove("launch_mit_vector");

    SnpEvidence e = SnpEvidence.fromJson(j);

    assertThat(e.certChain()).isEmpty();
    assertThat(e.report().bytes()).isEqualTo(SnpCorpus.report(SnpCorpus.SAMPLES.get(3)));
  }

  @Test
  void fromJson_otherCertTypes_parsed() throws Exception {
    ObjectNode j = json(SnpCorpus.SAMPLES.get(3));
    ArrayNode chain = (ArrayNode) j.get("cert_chain");
    chain.addObject().put("cert_type", "CRL").putArray("data").add(1);
    ObjectNode other = chain.addObject();
    other.putObject("cert_type").put("OTHER", "11111111-1111-1111-1111-111111111111");
    other.putArray("data");

    List<SnpCertEntry> c = SnpEvidence.fromJson(j).certChain().orElseThrow();

    assertThat(c).extracting(SnpCertEntry::type)
        .containsExactly(SnpCertEntry.Type.VCEK, SnpCertEntry.Type.CRL, SnpCertEntry.Type.OTHER);
    assertThat(c.get(2).otherGuid()).contains("11111111-1111-1111-1111-111111111111");
  }

  @Test
  void fromJson_malformed_rejectedWithTypedError() throws Exception {
    for (String mutation : List.of("missing", "byteRange", "shortArray", "fmcOnMilan", "string",
        "negative", "certType", "notObject", "cpuidMissing", "hugeU32", "v2Cpuid")) {
      ObjectNode j = json(SnpCorpus.SAMPLES.get(3));
      ObjectNode r = (ObjectNode) j.get("attestation_report");
      switch (mutation) {
        case "missing" -> r.remove("measurement");
        case "byteRange" -> ((ArrayNode) r.get("report_data")).set(0, 256);
        case "shortArray" -> ((ArrayNode) r.get("chip_id")).remove(0);
        case "fmcOnMilan" -> ((ObjectNode) r.get("reported_tcb")).put("fmc", 1);
        case "string" -> r.put("vmpl", "0");
        case "negative" -> r.put("guest_svn", -1);
        case "certType" -> ((ObjectNode) j.get("cert_chain").get(0)).put("cert_type", "VCEKX");
        case "notObject" -> j.put("attestation_report", 1);
        case "cpuidMissing" -> r.remove("cpuid_mod_id");
        case "hugeU32" -> r.put("vmpl", 1L << 32);
        case "v2Cpuid" -> r.put("version", 2);
        default -> throw new IllegalStateException(mutation);
      }
      assertRejected(() -> SnpEvidence.fromJson(j), SnpError.MALFORMED_EVIDENCE);
    }
  }

  @Test
  void fromJson_version4_unsupportedVersion() throws Exception {
    ObjectNode j = json(SnpCorpus.SAMPLES.get(3));
    ((ObjectNode) j.get("attestation_report")).put("version", 4);

    assertRejected(() -> SnpEvidence.fromJson(j), SnpError.UNSUPPORTED_VERSION);
  }

  @Test
  void fromJson_tooManyCertificates_rejected() throws Exception {
    ObjectNode j = json(SnpCorpus.SAMPLES.get(3));
    ArrayNode chain = (ArrayNode) j.get("cert_chain");
    for (int i = 0; i < 16; i++) {
      chain.addObject().put("cert_type", "Empty").putArray("data");
    }

    assertRejected(() -> SnpEvidence.fromJson(j), SnpError.MALFORMED_EVIDENCE);
  }

  @Test
  void fromJson_tamperedJsonField_signatureInvalid() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(2);
    ObjectNode j = json(s);
    ((ObjectNode) j.get("attestation_report").get("reported_tcb")).put("microcode", 85);
    SnpEvidence e = SnpEvidence.fromJson(j);

    assertRejected(() -> new SnpReportVerifier(SnpCorpus.anchors(), List.of())
        .verify(e, s.at(), SnpPolicy.strict()), SnpError.REPORT_SIGNATURE_INVALID);
  }

  @Test
  void decode_hexTextBinaryBase64AndJson_sameReport() throws Exception {
    SnpCorpus.Sample s = SnpCorpus.SAMPLES.get(1);
    byte[] raw = SnpCorpus.report(s);

    assertThat(SnpEvidence.decode(SnpCorpus.bytes(s.report())).report().bytes()).isEqualTo(raw);
    assertThat(SnpEvidence.decode(raw).report().bytes()).isEqualTo(raw);
    assertThat(SnpEvidence.decode(Base64.getEncoder().encode(raw)).report().bytes()).isEqualTo(raw);
    assertThat(SnpEvidence.decode(("0x" + Hex.encode(raw) + "\n").getBytes(StandardCharsets.US_ASCII))
        .report().bytes()).isEqualTo(raw);
    assertThat(SnpEvidence.decode(Json.writeBytes(json(s))).certChain()).isPresent();
  }

  @Test
  void decode_garbage_rejected() {
    assertRejected(() -> SnpEvidence.decode("not a report!".getBytes(StandardCharsets.US_ASCII)),
        SnpError.MALFORMED_EVIDENCE);
    assertRejected(() -> SnpEvidence.decode("{\"x\":".getBytes(StandardCharsets.US_ASCII)),
        SnpError.MALFORMED_EVIDENCE);
    assertRejected(() -> SnpEvidence.decode(Base64.getEncoder().encode(new byte[1000])),
        SnpError.MALFORMED_REPORT);
    assertRejected(() -> SnpEvidence.decode(new byte[SnpEvidence.MAX_INPUT + 1]),
        SnpError.MALFORMED_EVIDENCE);
  }

  @Test
  void writer_nullCertChain_writesNull() throws Exception {
    SnpReport r = SnpCorpus.evidence(SnpCorpus.SAMPLES.get(0)).report();

    assertThat(EvidenceJsonWriter.write(r, Optional.empty()).get("cert_chain").isNull()).isTrue();
  }
}
