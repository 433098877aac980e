package dev.claviger.attestation;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Composite (CPU + GPU) attestation with the real NVIDIA H100 sample of the corpus: an EAR with
 * {@code cpu0} and {@code gpu0}, the GPU appraised by the default GPU policy.
 *
 * <p>A KBS binds device evidence to HASH(JCS({nonce, tee-pubkey})); the corpus report was made
 * for nonce {@code 931d8dd0…}, which no runtime data hashes to (that would be a SHA-384
 * preimage). So the composite appraisal goes through {@link AttestationService#evaluate} — the
 * same pipeline {@code attest} feeds — with the CPU bound to structured runtime data and the GPU
 * to the corpus nonce as raw runtime data; {@code attest} itself is shown to reject the report
 * because its nonce is not the KBS binding.
 */
class CompositeAttestationTest {
  static final String HOPPER_NONCE =
      "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";
  /** Snapshot date of the nvtrust sample (nvidia MANIFEST); the device chain is valid to 9999. */
  static final Instant MANIFEST_INSTANT = Instant.parse("2026-04-20T00:00:00Z");
  static final String GPU_VECTOR = "{\"instance-identity\":0,\"configuration\":36,"
      + "\"executables\":33,\"file-system\":0,\"hardware\":97,\"runtime-opaque\":0,"
      + "\"storage-opaque\":0,\"sourced-data\":0}";

  private Path shared;
  private AttestationService as;
  private byte[] report;
  private byte[] chain;

  @BeforeEach
  void setUp() throws Exception {
    shared = Fixtures.shared();
    Path nvtrust = shared.resolve("evidence-corpus/nvidia/nvtrust");
    report = HexFormat.of().parseHex(
        Files.readString(nvtrust.resolve("hopperAttestationReport.txt")).strip());
    chain = Files.readAllBytes(nvtrust.resolve("hopperCertChain.txt"));
    as = AttestationServices.create(Fixtures.sampleConfig(), new InMemoryStore(),
        new Fixtures.MutableClock(MANIFEST_INSTANT));
  }

  /** Upstream's NVIDIA evidence JSON for one device. */
  static ObjectNode gpuEvidence(byte[] report, byte[] pemChain) {
    ObjectNode root = M.createObjectNode();
    ObjectNode d = root.putArray("device_evidence_list").addObject();
    d.put("arch", "HOPPER");
    d.put("uuid", "GPU-test");
    d.put("evidence", HexFormat.of().formatHex(report));
    d.put("certificate", Base64.getEncoder().encodeToString(pemChain));
    return root;
  }

  /** The requests {@code attest} would build, except that the GPU is bound to {@code nonce}. */
  private List<VerificationRequest> requests(byte[] gpuReport, byte[] nonce) throws Exception {
    JsonNode gpu = gpuEvidence(gpuReport, chain);
    ObjectNode rd = Fixtures.runtimeData(M.writeValueAsString(Map.of("nvidia", gpu)));
    List<VerificationRequest> out = new ArrayList<>();
    out.add(new VerificationRequest(Tee.SAMPLE, Fixtures.sampleEvidence("sample", rd),
        Optional.of(new RuntimeDataInput.Structured(rd)), HashAlgorithm.SHA384, Optional.empty()));
    out.add(new VerificationRequest(Tee.NVIDIA, gpu, Optional.of(new RuntimeDataInput.Raw(nonce)),
        HashAlgorithm.SHA384, Optional.empty()));
    return out;
  }

  private JsonNode verifiedClaims(EarToken token) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token.jwt());
    assertThat(jwt.verify(new ECDSAVerifier(as.signingKey()))).isTrue();
    return M.readTree(jwt.getPayload().toString());
  }

  private JsonNode submods() throws Exception {
    return verifiedClaims(as.evaluate(requests(report, HexFormat.of().parseHex(HOPPER_NONCE)),
        "default")).get("submods");
  }

  @Test
  void evaluate_sampleCpuAndHopperGpu_earHasCpu0AndGpu0() throws Exception {
    JsonNode submods = submods();

    assertThat(M.convertValue(submods, Map.class)).containsOnlyKeys("cpu0", "gpu0");
    assertThat(submods.at("/cpu0/ear.veraison.annotated-evidence/sample/svn").textValue())
        .isEqualTo("1");
    JsonNode gpu0 = submods.get("gpu0");
    assertThat(gpu0.get("ear.appraisal-policy-id").textValue()).isEqualTo("default");
    JsonNode nvidia = gpu0.at("/ear.veraison.annotated-evidence/nvidia");
    assertThat(nvidia.get("arch").textValue()).isEqualTo("Hopper");
    assertThat(nvidia.at("/config/driver_version").textValue()).isEqualTo("550.90.07");
    assertThat(nvidia.at("/config/fwid").textValue()).startsWith("f5c384aebb579217");
    assertThat(nvidia.get("measurements").size()).isEqualTo(64);
    assertThat(nvidia.get("x-nvidia-gpu-attestation-report-signature-verified").booleanValue())
        .isTrue();
    assertThat(nvidia.get("x-nvidia-gpu-attestation-report-cert-chain")).isEqualTo(M.readTree(
        "{\"x-nvidia-cert-status\":\"valid\",\"x-nvidia-cert-ocsp-status\":\"not-checked\"}"));
    assertThat(gpu0.at("/ear.veraison.annotated-evidence/report_data").asText())
        .containsIgnoringCase(HOPPER_NONCE);
  }

  @Test
  void evaluate_defaultGpuPolicy_contraindicatedWithoutOcsp() throws Exception {
    JsonNode gpu0 = submods().get("gpu0");

    assertThat(gpu0.get("ear.status").textValue()).isEqualTo("contraindicated");
    assertThat(gpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(GPU_VECTOR));
  }

  @Test
  void evaluate_upstreamGpuPolicyAsDefaultGpu_sameTrustVector() throws Exception {
    JsonNode builtIn = submods().at("/gpu0/ear.trustworthiness-vector");
    String upstream = Files.readString(shared.resolve(
        "conformance/rego/trustee/attestation-service/src/ear_token/ear_default_policy_gpu.rego"),
        StandardCharsets.UTF_8);

    // Policy "default" appraises class gpu with id "default_gpu"; a stored policy overrides the
    // built-in one of that id.
    as.setPolicy("default_gpu", upstream);
    JsonNode gpu0 = submods().get("gpu0");

    assertThat(as.getPolicy("default_gpu")).contains(upstream);
    assertThat(gpu0.get("ear.trustworthiness-vector")).isEqualTo(builtIn);
    assertThat(gpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(GPU_VECTOR));
    assertThat(gpu0.get("ear.status").textValue()).isEqualTo("contraindicated");
  }

  @Test
  void evaluate_localRevocationFreePolicy_gpuHardwareAffirming() throws Exception {
    // The policy docs/nvidia.md suggests for deployments that accept local checks without OCSP:
    // proves the x-nvidia-* claims really reach the GPU policy.
    as.setPolicy("local_gpu", """
        package policy
        import rego.v1
        default hardware := 97
        hardware := 2 if {
          gpu := input.nvidia
          gpu["x-nvidia-gpu-attestation-report-cert-chain"]["x-nvidia-cert-status"] == "valid"
          gpu["x-nvidia-gpu-attestation-report-cert-chain-fwid-match"]
          gpu["x-nvidia-gpu-attestation-report-signature-verified"]
          gpu["x-nvidia-gpu-arch-check"]
        }
        trust_claims := {"hardware": hardware}
        """);
    as.setPolicy("local_cpu", as.getPolicy("default_cpu").orElseThrow());

    JsonNode gpu0 = verifiedClaims(as.evaluate(
        requests(report, HexFormat.of().parseHex(HOPPER_NONCE)), "local")).at("/submods/gpu0");

    assertThat(gpu0.at("/ear.trustworthiness-vector/hardware").intValue()).isEqualTo(2);
    assertThat(gpu0.get("ear.status").textValue()).isEqualTo("affirming");
  }

  @Test
  void evaluate_tamperedGpuReportByte_rejected() throws Exception {
    byte[] nonce = HexFormat.of().parseHex(HOPPER_NONCE);
    // Strided over request, measurement record, opaque data and signature, plus the last byte.
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < report.length; i += 97) {
      positions.add(i);
    }
    positions.add(10); // requester nonce (signed)
    positions.add(report.length - 96); // first signature byte
    positions.add(report.length - 1);
    for (int pos : positions) {
      byte[] tampered = report.clone();
      tampered[pos] ^= 0x01;
      assertThatThrownBy(() -> as.evaluate(requests(tampered, nonce), "default"))
          .as("GPU report byte %d flipped", pos)
          .isInstanceOf(AttestationRejectedException.class)
          .hasMessageContaining("nvidia evidence rejected");
    }
  }

  @Test
  void evaluate_otherNonce_rejected() throws Exception {
    byte[] nonce = HexFormat.of().parseHex(HOPPER_NONCE);
    nonce[31] ^= 0x01;
    assertThatThrownBy(() -> as.evaluate(requests(report, nonce), "default"))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("nvidia evidence rejected")
        .hasMessageContaining("not the expected nonce");
  }

  @Test
  void evaluate_gpuWithoutRuntimeData_rejected() throws Exception {
    List<VerificationRequest> reqs = requests(report, HexFormat.of().parseHex(HOPPER_NONCE));
    VerificationRequest gpu = reqs.get(1);
    reqs.set(1, new VerificationRequest(Tee.NVIDIA, gpu.evidence(), Optional.empty(),
        HashAlgorithm.SHA384, Optional.empty()));
    assertThatThrownBy(() -> as.evaluate(reqs, "default"))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("nvidia evidence rejected");
  }

  @Test
  void attest_corpusReportNotBoundToKbsNonce_rejected() throws Exception {
    JsonNode gpu = gpuEvidence(report, chain);
    ObjectNode rd = Fixtures.runtimeData(M.writeValueAsString(Map.of("nvidia", gpu)));
    AttestationRequest req = new AttestationRequest(Tee.SAMPLE, Fixtures.sampleEvidence("sample", rd),
        rd, HashAlgorithm.SHA384, Optional.empty(), Map.of(Tee.NVIDIA, gpu), "default");

    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("nvidia evidence rejected")
        .hasMessageContaining("not the expected nonce");
  }
}
