package dev.claviger.attestation;

import static dev.claviger.attestation.Fixtures.M;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standalone REST API on a real server (127.0.0.1, random port) with the JDK client. */
class AttestationRestApiTest {
  private static final int LIMIT = 64 * 1024;
  private AttestationService as;
  private Javalin app;
  private HttpClient http;
  private String base;

  @BeforeEach
  void start() throws Exception {
    as = AttestationServices.create(Fixtures.sampleConfig(), new InMemoryStore(),
        new Fixtures.MutableClock(Fixtures.T0));
    app = AttestationRestApi.create(as, LIMIT).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String b64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String attestationBody(JsonNode evidence, JsonNode runtimeData) throws Exception {
    ObjectNode req = M.createObjectNode();
    ObjectNode one = req.putArray("verification_requests").addObject();
    one.put("tee", "sample");
    one.put("evidence", b64url(M.writeValueAsString(evidence)));
    one.putObject("runtime_data").set("structured", runtimeData);
    one.put("runtime_data_hash_algorithm", "sha384");
    req.putArray("policy_ids").add("default");
    return M.writeValueAsString(req);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String type) throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode body = M.readTree(r.body());
    assertThat(body.get("type").textValue()).endsWith("/" + type);
    assertThat(body.get("detail").textValue()).isNotBlank();
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void postAttestation_sampleEvidence_returnsJwtVerifiableWithPublishedJwks() throws Exception {
    as.rvps().register(Fixtures.rvMessage(Fixtures.SAMPLE_RVS));
    ObjectNode rd = Fixtures.runtimeData("");

    HttpResponse<String> r = post("/attestation", attestationBody(Fixtures.sampleEvidence("sample", rd), rd));

    assertThat(r.statusCode()).isEqualTo(200);
    JWKSet jwks = JWKSet.parse(get("/.well-known/jwks.json").body());
    ECKey key = (ECKey) jwks.getKeys().get(0);
    SignedJWT jwt = SignedJWT.parse(r.body());
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("submods")).containsKey("cpu0");
  }

  @Test
  void postAttestation_wrongBinding_401Problem() throws Exception {
    ObjectNode rd = Fixtures.runtimeData("");
    ObjectNode other = Fixtures.runtimeData("x");
    assertProblem(post("/attestation", attestationBody(Fixtures.sampleEvidence("sample", other), rd)),
        401, "EvidenceRejected");
  }

  @Test
  void postAttestation_malformedBodies_400Problem() throws Exception {
    assertProblem(post("/attestation", "{not json"), 400, "MalformedRequest");
    assertProblem(post("/attestation", "{\"verification_requests\":[]}"), 400, "MalformedRequest");
    assertProblem(post("/attestation",
        "{\"verification_requests\":[{\"tee\":\"sev\",\"evidence\":\"e30\"}]}"), 400, "MalformedRequest");
    assertProblem(post("/attestation",
        "{\"verification_requests\":[{\"tee\":\"sample\",\"evidence\":\"e30=\"}]}"), 400, "MalformedRequest");
    assertProblem(post("/attestation", "{\"verification_requests\":[{\"tee\":\"sample\",\"evidence\":\"e30\","
        + "\"runtime_data\":{\"raw\":\"AA\",\"structured\":{}}}]}"), 400, "MalformedRequest");
  }

  @Test
  void postAttestation_bodyOverLimit_413Problem() throws Exception {
    String big = "{\"pad\":\"" + "a".repeat(LIMIT) + "\"}";
    assertProblem(post("/attestation", big), 413, "PayloadTooLarge");
    assertProblem(post("/policy", big), 413, "PayloadTooLarge");
  }

  @Test
  void policyEndpoints_setListGet() throws Exception {
    String rego = "package policy\ntrust_claims := {\"hardware\": 2}\n";
    HttpResponse<String> set = post("/policy",
        "{\"policy_id\":\"mine_cpu\",\"policy\":\"" + b64url(rego) + "\"}");
    assertThat(set.statusCode()).isEqualTo(200);

    JsonNode list = M.readTree(get("/policy").body());
    assertThat(list.findValuesAsText("policy-id")).contains("mine_cpu", "default_cpu", "default_gpu");
    HttpResponse<String> one = get("/policy/mine_cpu");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).isEqualTo(rego);
    assertProblem(get("/policy/absent"), 404, "PolicyNotFound");
  }

  @Test
  void postPolicy_invalid_400Problem() throws Exception {
    assertProblem(post("/policy", "{\"policy_id\":\"x_cpu\",\"policy\":\"" + b64url("package policy\np if {")
        + "\"}"), 400, "InvalidPolicy");
    assertProblem(post("/policy", "{\"policy_id\":\"x_cpu\",\"policy\":\"not+base64url=\"}"), 400,
        "MalformedRequest");
    assertProblem(post("/policy", "{\"policy_id\":\"../x\",\"policy\":\"" + b64url("package policy")
        + "\"}"), 400, "InvalidPolicy");
  }

  @Test
  void postChallenge_nonSeEmpty_seUnsupported_unknown400() throws Exception {
    HttpResponse<String> r = post("/challenge", "{\"tee\":\"tdx\",\"tee_params\":\"\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertProblem(post("/challenge", "{\"tee\":\"se\",\"tee_params\":\"{}\"}"), 400, "UnsupportedTee");
    assertProblem(post("/challenge", "{\"tee\":\"sev\"}"), 400, "MalformedRequest");
  }

  @Test
  void openidConfiguration_pointsAtJwks() throws Exception {
    JsonNode doc = M.readTree(get("/.well-known/openid-configuration").body());
    assertThat(doc.get("issuer").textValue()).isEqualTo("CoCo-Attestation-Service");
    assertThat(doc.get("jwks_uri").textValue()).isEqualTo(base + "/.well-known/jwks.json");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }
}
