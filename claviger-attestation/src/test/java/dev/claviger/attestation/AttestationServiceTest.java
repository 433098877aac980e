package dev.claviger.attestation;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttestationServiceTest {
  private Fixtures.MutableClock clock;
  private AttestationService as;

  @BeforeEach
  void setUp() throws Exception {
    clock = new Fixtures.MutableClock(Fixtures.T0);
    as = AttestationServices.create(Fixtures.sampleConfig(), new InMemoryStore(), clock);
  }

  static JsonNode verifiedClaims(AttestationService as, String jwt) throws Exception {
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertThat(parsed.verify(new ECDSAVerifier(as.signingKey()))).isTrue();
    return M.readTree(parsed.getPayload().toString());
  }

  @Test
  void attest_sampleWithReferenceValues_affirmingTokenSignedByServiceKey() throws Exception {
    as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));

    EarToken token = as.attest(Fixtures.sampleRequest());

    SignedJWT jwt = SignedJWT.parse(token.jwt());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    ECKey headerKey = (ECKey) jwt.getHeader().getJWK();
    assertThat(headerKey.toECPublicKey()).isEqualTo(as.signingKey());
    assertThat(headerKey.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);

    JsonNode claims = verifiedClaims(as, token.jwt());
    assertThat(claims.get("eat_profile").textValue())
        .isEqualTo("tag:github.com,2024:confidential-containers/Trustee");
    assertThat(claims.get("iss").textValue()).isEqualTo("CoCo-Attestation-Service");
    assertThat(claims.get("iat").longValue()).isEqualTo(Fixtures.T0.getEpochSecond());
    assertThat(claims.get("exp").longValue()).isEqualTo(Fixtures.T0.getEpochSecond() + 300);
    assertThat(token.expiresAt()).isEqualTo(Fixtures.T0.plusSeconds(300));
    assertThat(claims.at("/ear.verifier-id/developer").textValue())
        .isEqualTo("https://confidentialcontainers.org");

    JsonNode cpu0 = claims.at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("affirming");
    assertThat(cpu0.get("ear.appraisal-policy-id").textValue()).isEqualTo("default");
    assertThat(cpu0.get("ear.trustworthiness-vector")).isEqualTo(M.readTree(
        "{\"instance-identity\":0,\"configuration\":2,\"executables\":3,\"file-system\":0,"
            + "\"hardware\":2,\"runtime-opaque\":0,\"storage-opaque\":0,\"sourced-data\":0}"));
    JsonNode ev = cpu0.get("ear.veraison.annotated-evidence");
    assertThat(ev.at("/sample/svn").textValue()).isEqualTo("1");
    assertThat(ev.at("/sample/launch_digest").textValue()).isEqualTo("abcde");
    assertThat(ev.has("report_data")).isTrue();
    assertThat(ev.at("/sample").has("report_data")).isFalse();
    assertThat(ev.get("runtime_data_claims")).isEqualTo(Fixtures.runtimeData(""));
    assertThat(ev.at("/runtime_data_claims/tee-pubkey")).isEqualTo(Fixtures.teePubkey());
    assertThat(cpu0.at("/ear.trustee.identifiers/validated")).isEqualTo(M.createObjectNode());
  }

  @Test
  void attest_sampleWithoutReferenceValues_contraindicated() throws Exception {
    JsonNode cpu0 = verifiedClaims(as, as.attest(Fixtures.sampleRequest()).jwt()).at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("contraindicated");
    assertThat(cpu0.at("/ear.trustworthiness-vector/executables").intValue()).isEqualTo(33);
    assertThat(cpu0.at("/ear.trustworthiness-vector/hardware").intValue()).isEqualTo(97);
    assertThat(cpu0.at("/ear.trustworthiness-vector/configuration").intValue()).isEqualTo(2);
  }

  @Test
  void attest_tamperedToken_signatureCheckFails() throws Exception {
    as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));
    String jwt = as.attest(Fixtures.sampleRequest()).jwt();
    ECDSAVerifier verifier = new ECDSAVerifier(as.signingKey());
    int firstDot = jwt.indexOf('.');
    int secondDot = jwt.lastIndexOf('.');
    // One position in the header, several in the payload, several in the signature.
    int[] positions = {5, firstDot + 3, firstDot + 40, secondDot - 2, secondDot + 1, secondDot + 20,
        jwt.length() - 3};
    for (int pos : positions) {
      char c = jwt.charAt(pos);
      String tampered = jwt.substring(0, pos) + (c == 'A' ? 'B' : 'A') + jwt.substring(pos + 1);
      boolean valid;
      try {
        valid = SignedJWT.parse(tampered).verify(verifier);
      } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
        valid = false;
      }
      assertThat(valid).as("token with byte %d changed", pos).isFalse();
    }
  }

  @Test
  void attest_expiredReferenceValues_ignored() throws Exception {
    as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));
    clock.set(Fixtures.T0.plus(Duration.ofDays(366)));

    JsonNode cpu0 = verifiedClaims(as, as.attest(Fixtures.sampleRequest()).jwt()).at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("contraindicated");
    assertThat(as.rvps().query("svn")).isEmpty();
    assertThat(as.rvps().list()).extracting(ReferenceValue::name).contains("svn");
  }

  @Test
  void attest_unknownTee_rejected() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("");
    AttestationRequest req = AttestationRequest.of(Tee.CSV, M.createObjectNode(), rd, HashAlgorithm.SHA384);
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("no verifier installed for TEE 'csv'");
  }

  @Test
  void attest_sampleNotAllowed_rejected() throws Exception {
    AttestationService strict = AttestationServices.create(
        AttestationConfig.defaults(), new InMemoryStore(), clock);
    assertThatThrownBy(() -> strict.attest(Fixtures.sampleRequest()))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("disabled");
  }

  @Test
  void attest_reportDataMismatch_rejected() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("");
    ObjectNode otherNonce = Fixtures.runtimeData("");
    otherNonce.put("nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    AttestationRequest req = AttestationRequest.of(Tee.SAMPLE,
        Fixtures.sampleEvidence("sample", otherNonce), rd, HashAlgorithm.SHA384);
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("report_data does not match");
  }

  @Test
  void attest_conflictingPolicyValues_attestationException() throws Exception {
    as.setPolicy("conflict_cpu", """
        package policy
        import rego.v1
        hardware := 2 if input.sample
        hardware := 3 if input.sample
        trust_claims := {"hardware": hardware}
        """);
    AttestationRequest req = withPolicy(Fixtures.sampleRequest(), "conflict");
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("conflict_cpu");
  }

  @Test
  void attest_policyWithUnknownClaimName_attestationException() throws Exception {
    as.setPolicy("odd_cpu", "package policy\ntrust_claims := {\"hardware\": 2, \"firmware\": 2}\n");
    assertThatThrownBy(() -> as.attest(withPolicy(Fixtures.sampleRequest(), "odd")))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("unknown trust claim 'firmware'");
  }

  @Test
  void attest_policyWithOutOfRangeValue_attestationException() throws Exception {
    as.setPolicy("big_cpu", "package policy\ntrust_claims := {\"hardware\": 200}\n");
    assertThatThrownBy(() -> as.attest(withPolicy(Fixtures.sampleRequest(), "big")))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("outside [-128, 127]");
  }

  @Test
  void attest_policyWithNoClaimSet_attestationException() throws Exception {
    as.setPolicy("empty_cpu", "package policy\ntrust_claims := {}\n");
    assertThatThrownBy(() -> as.attest(withPolicy(Fixtures.sampleRequest(), "empty")))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("At least one policy claim must be set");
  }

  @Test
  void attest_policyWithoutTrustClaims_allZeroStatusNone() throws Exception {
    as.setPolicy("silent_cpu", "package policy\nallow := true\n");
    JsonNode cpu0 = verifiedClaims(as, as.attest(withPolicy(Fixtures.sampleRequest(), "silent")).jwt())
        .at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("none");
    assertThat(cpu0.at("/ear.trustworthiness-vector/hardware").intValue()).isZero();
    assertThat(cpu0.get("ear.appraisal-policy-id").textValue()).isEqualTo("silent");
  }

  @Test
  void attest_missingPolicyForClass_attestationException() throws Exception {
    assertThatThrownBy(() -> as.attest(withPolicy(Fixtures.sampleRequest(), "nosuch")))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("'nosuch_cpu' does not exist");
  }

  @Test
  void attest_additionalSampleDevice_gpuSubmodBoundToNonceAndKey() throws Exception {
    ObjectNode deviceRd = M.createObjectNode();
    deviceRd.put("nonce", Fixtures.NONCE);
    deviceRd.set("tee-pubkey", Fixtures.teePubkey());
    JsonNode device = Fixtures.sampleEvidence("sampledevice", deviceRd);
    String additional = M.writeValueAsString(Map.of("sampledevice", device));
    ObjectNode rd = Fixtures.runtimeData(additional);
    as.rvps().register(Fixtures.rvMessage("{\"device_svn\":[\"2\"]}"));
    AttestationRequest req = new AttestationRequest(Tee.SAMPLE, Fixtures.sampleEvidence("sample", rd),
        rd, HashAlgorithm.SHA384, Optional.empty(), Map.of(Tee.SAMPLE_DEVICE, device), "default");

    JsonNode submods = verifiedClaims(as, as.attest(req).jwt()).get("submods");

    assertThat(submods.has("cpu0")).isTrue();
    JsonNode gpu0 = submods.get("gpu0");
    assertThat(gpu0.at("/ear.veraison.annotated-evidence/sampledevice/svn").textValue()).isEqualTo("2");
    assertThat(gpu0.at("/ear.veraison.annotated-evidence/runtime_data_claims")).isEqualTo(deviceRd);
    assertThat(gpu0.at("/ear.trustworthiness-vector/hardware").intValue()).isEqualTo(2);
  }

  @Test
  void attest_deviceBoundToFullRuntimeData_rejected() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("{}");
    JsonNode device = Fixtures.sampleEvidence("sampledevice", rd);
    AttestationRequest req = new AttestationRequest(Tee.SAMPLE, Fixtures.sampleEvidence("sample", rd),
        rd, HashAlgorithm.SHA384, Optional.empty(), Map.of(Tee.SAMPLE_DEVICE, device), "default");
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("sampledevice");
  }

  @Test
  void attest_initDataFormatNotToml_rejected() throws Exception {
    AttestationRequest base = Fixtures.sampleRequest();
    AttestationRequest req = new AttestationRequest(base.tee(), base.primaryEvidence(),
        base.runtimeData(), base.runtimeDataHash(), Optional.of(new InitData("json", "{}")),
        Map.of(), "default");
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("unsupported init-data format");
  }

  @Test
  void attest_malformedInitData_rejected() throws Exception {
    AttestationRequest base = Fixtures.sampleRequest();
    AttestationRequest req = new AttestationRequest(base.tee(), base.primaryEvidence(),
        base.runtimeData(), base.runtimeDataHash(),
        Optional.of(new InitData("toml", "algorithm = \"sm3\"\nversion = \"0.1.0\"\n[data]\n")),
        Map.of(), "default");
    assertThatThrownBy(() -> as.attest(req))
        .isInstanceOf(AttestationRejectedException.class)
        .hasMessageContaining("invalid init data");
  }

  @Test
  void setPolicy_doesNotCompile_invalidPolicy() {
    assertThatThrownBy(() -> as.setPolicy("broken_cpu", "package policy\nallow if {"))
        .isInstanceOf(InvalidPolicyException.class);
    assertThatThrownBy(() -> as.setPolicy("../etc", "package policy\n"))
        .isInstanceOf(InvalidPolicyException.class);
  }

  @Test
  void policies_defaultsListedAndOverridable() throws Exception {
    assertThat(as.policyIds()).contains("default_cpu", "default_gpu");
    assertThat(as.getPolicy("default_cpu").orElseThrow()).contains("package policy");
    assertThat(as.getPolicy("nothing")).isEmpty();
    as.setPolicy("default_cpu", "package policy\ntrust_claims := {\"hardware\": 2}\n");
    assertThat(as.getPolicy("default_cpu").orElseThrow()).contains("\"hardware\": 2");
    JsonNode cpu0 = verifiedClaims(as, as.attest(Fixtures.sampleRequest()).jwt()).at("/submods/cpu0");
    assertThat(cpu0.get("ear.trustworthiness-vector").size()).isEqualTo(1);
    assertThat(cpu0.get("ear.status").textValue()).isEqualTo("affirming");
  }

  @Test
  void jwks_publishesSigningKey() throws Exception {
    JsonNode jwks = as.jwks();
    assertThat(jwks.get("keys")).hasSize(1);
    ECKey key = ECKey.parse(M.writeValueAsString(jwks.get("keys").get(0)));
    assertThat(key.isPrivate()).isFalse();
    assertThat(key.toECPublicKey()).isEqualTo(as.signingKey());
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
  }

  @Test
  void attest_initDataWithKataPolicy_claimsAndIdentifiersExtension() throws Exception {
    java.nio.file.Path toml = Fixtures.shared()
        .resolve("conformance/rego/trustee/integration-tests/tests/init-data-with-policy.toml");
    String body = java.nio.file.Files.readString(toml);
    AttestationRequest base = Fixtures.sampleRequest();
    AttestationRequest req = new AttestationRequest(base.tee(), base.primaryEvidence(),
        base.runtimeData(), base.runtimeDataHash(), Optional.of(new InitData("toml", body)),
        Map.of(), "default");

    JsonNode cpu0 = verifiedClaims(as, as.attest(req).jwt()).at("/submods/cpu0");

    JsonNode ev = cpu0.get("ear.veraison.annotated-evidence");
    // The same value Trustee's sample verifier reports for this file (trustee cases/inputs).
    assertThat(ev.get("init_data").textValue()).isEqualTo("DezN7Q2H7ERwLHMw+sPrk2to3Mpcn2td8fs0gMC1Jaw=");
    assertThat(ev.at("/init_data_claims").has("policy.rego")).isFalse();
    assertThat(ev.at("/init_data_claims/agent_policy_claims/containers").isArray()).isTrue();
    assertThat(cpu0.at("/ear.trustee.identifiers/validated")).isEqualTo(M.readTree(
        "{\"container_images\":[\"bitnami/nginx:latest\"],\"container_uids\":[65535,1001]}"));
  }

  @Test
  void attest_concurrentRequests_allTokensValidAndAffirming() throws Exception {
    as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));
    AttestationRequest req = Fixtures.sampleRequest();
    java.util.List<java.util.concurrent.Future<EarToken>> futures = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> as.attest(req)));
      }
      for (var f : futures) {
        JsonNode cpu0 = verifiedClaims(as, f.get().jwt()).at("/submods/cpu0");
        assertThat(cpu0.get("ear.status").textValue()).isEqualTo("affirming");
      }
    }
  }

  private static AttestationRequest withPolicy(AttestationRequest r, String policyId) {
    return new AttestationRequest(r.tee(), r.primaryEvidence(), r.runtimeData(), r.runtimeDataHash(),
        r.initData(), r.additionalEvidence(), policyId);
  }
}
