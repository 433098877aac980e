package dev.claviger.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing rules of upstream api-server-rest, exercised without sockets (any remote address). */
class ApiRouterTest {
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress LOOPBACK6 = new InetSocketAddress("::1", 40000);
  private static final InetSocketAddress REMOTE = new InetSocketAddress("10.0.0.1", 40000);
  private static final ApiRouter.BodyReader NO_BODY = max -> Optional.of(new byte[0]);

  private final FakeBackends.Agent agent = new FakeBackends.Agent();
  private final List<String> resourceCalls = new CopyOnWriteArrayList<>();
  private final ResourceProvider cdh = FakeBackends.resources(
      Map.of("kbs:///default/key/one", "one".getBytes(StandardCharsets.UTF_8)), resourceCalls);

  private ApiRouter router(Feature feature) {
    return new ApiRouter(feature, "0.1.0", agent, cdh);
  }

  private static String text(ApiResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/info", "/cdh/resource/default/key/one", "/aa/token", "/nope"})
  void route_nonLoopbackPeer_forbiddenBeforeAnyBackend(String path) {
    ApiResponse r = router(Feature.ALL).route(REMOTE, "GET", path, "token_type=kbs", NO_BODY);

    assertThat(r.status()).isEqualTo(403);
    assertThat(text(r)).isEqualTo("Forbidden");
    assertThat(resourceCalls).isEmpty();
  }

  @Test
  void route_ipv6Loopback_allowed() {
    assertThat(router(Feature.ALL).route(LOOPBACK6, "GET", "/info", null, NO_BODY).status()).isEqualTo(200);
  }

  @Test
  void info_resourceFeature_noTee() {
    ApiResponse r = router(Feature.RESOURCE).route(LOOPBACK, "GET", "/info", null, NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(text(r)).isEqualTo("{\"version\":\"0.1.0\",\"feature\":\"resource\"}");
  }

  @Test
  void info_allFeatures_reportsTee() {
    ApiResponse r = router(Feature.ALL).route(LOOPBACK, "GET", "/info", null, NO_BODY);

    assertThat(text(r)).isEqualTo("{\"version\":\"0.1.0\",\"tee\":\"sample\",\"feature\":\"all\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void info_otherMethods_405(String method) {
    ApiResponse r = router(Feature.ALL).route(LOOPBACK, method, "/info", null, NO_BODY);

    assertThat(r.status()).isEqualTo(405);
    assertThat(text(r)).isEqualTo("Method Not Allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/unknown", "/foo/bar", "/aa", "/cdh", "/infox"})
  void route_unknownPath_404(String path) {
    ApiResponse r = router(Feature.ALL).route(LOOPBACK, "GET", path, null, NO_BODY);

    assertThat(r.status()).isEqualTo(404);
    assertThat(text(r)).isEqualTo("URL NOT FOUND");
  }

  @ParameterizedTest
  @CsvSource({"GET,/aa/token", "GET,/aa/evidence", "POST,/aa/aael", "GET,/aa/unknown"})
  void aa_featureDisabled_404NotEnabled(String method, String path) {
    ApiResponse r = router(Feature.RESOURCE).route(LOOPBACK, method, path, "token_type=kbs&runtime_data=x", NO_BODY);

    assertThat(r.status()).isEqualTo(404);
    assertThat(text(r)).isEqualTo("Attestation Feature Not Enabled");
    assertThat(agent.runtimeData).isEmpty();
  }

  @Test
  void cdh_featureDisabled_404NotEnabled() {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/cdh/resource/default/key/one", null, NO_BODY);

    assertThat(r.status()).isEqualTo(404);
    assertThat(text(r)).isEqualTo("Resource Feature Not Enabled");
    assertThat(resourceCalls).isEmpty();
  }

  @Test
  void resource_known_octetsAndKbsUri() {
    ApiResponse r = router(Feature.RESOURCE).route(LOOPBACK, "GET", "/cdh/resource/default/key/one", null, NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/octet-stream");
    assertThat(text(r)).isEqualTo("one");
    assertThat(r.secret()).isTrue();
    assertThat(resourceCalls).containsExactly("kbs:///default/key/one");
  }

  @Test
  void resource_backendFails_500WithErrorText() {
    ApiResponse r = router(Feature.RESOURCE).route(LOOPBACK, "GET", "/cdh/resource/default/key/absent", null, NO_BODY);

    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("resource kbs:///default/key/absent not found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/cdh/resource/a/b", "/cdh/resource/a/b/c/d", "/cdh/resource/../key/x",
      "/cdh/resource/a/%2e%2e/c", "/cdh/resource/a//c", "/cdh/resource/.hidden/b/c", "/cdh/resource/"})
  void resource_badPath_400AndNoBackendCall(String path) {
    ApiResponse r = router(Feature.RESOURCE).route(LOOPBACK, "GET", path, null, NO_BODY);

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r)).isEqualTo("BAD REQUEST");
    assertThat(resourceCalls).isEmpty();
  }

  @Test
  void resource_post_405() {
    assertThat(router(Feature.RESOURCE).route(LOOPBACK, "POST", "/cdh/resource/default/key/one", null, NO_BODY).status())
        .isEqualTo(405);
  }

  @Test
  void route_overlongPathOrQuery_400() {
    String longPath = "/cdh/resource/a/b/" + "c".repeat(ApiRouter.MAX_PATH_CHARS);
    String longQuery = "runtime_data=" + "x".repeat(ApiRouter.MAX_QUERY_CHARS);

    assertThat(router(Feature.ALL).route(LOOPBACK, "GET", longPath, null, NO_BODY).status()).isEqualTo(400);
    assertThat(router(Feature.ALL).route(LOOPBACK, "GET", "/aa/evidence", longQuery, NO_BODY).status()).isEqualTo(400);
  }

  @Test
  void evidence_plainRuntimeData_utf8BytesOfDecodedValue() {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/aa/evidence", "runtime_data=hello+w%C3%B6rld", NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/octet-stream");
    assertThat(agent.runtimeData).singleElement().isEqualTo("hello wörld".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void evidence_base64Encoding_urlSafeUnpadded() {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/aa/evidence", "runtime_data=_-8&encoding=base64", NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(agent.runtimeData).singleElement().isEqualTo(new byte[] {(byte) 0xff, (byte) 0xef});
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "encoding=base64", "runtime_data=aGk=&encoding=base64", "runtime_data=a+b&encoding=base64",
      "runtime_data=x&encoding=hex", "runtime_data=%zz"})
  void evidence_missingOrUndecodableRuntimeData_400(String query) {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/aa/evidence", query, NO_BODY);

    assertThat(r.status()).isEqualTo(400);
    assertThat(agent.runtimeData).isEmpty();
  }

  @Test
  void evidence_attesterFails_500WithMessage() {
    agent.fail = true;

    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/aa/evidence", "runtime_data=x", NO_BODY);

    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("attester unavailable");
  }

  @Test
  void additionalEvidence_noDevices_emptyOk() {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "GET", "/aa/additional-evidence", "runtime_data=x", NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void token_kbs_octetsMarkedSecret() {
    ApiResponse r = router(Feature.ALL).route(LOOPBACK, "GET", "/aa/token", "token_type=kbs", NO_BODY);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.secret()).isTrue();
    assertThat(text(r)).startsWith("{\"token\":");
    r.wipe();
    assertThat(r.body()).containsOnly(0);
  }

  @Test
  void token_missingTypeOr_400_unknownType500() {
    assertThat(router(Feature.ALL).route(LOOPBACK, "GET", "/aa/token", null, NO_BODY).status()).isEqualTo(400);
    assertThat(router(Feature.ALL).route(LOOPBACK, "GET", "/aa/token", "token_type=coco_as", NO_BODY).status()).isEqualTo(500);
  }

  @Test
  void token_post_404AsUpstream() {
    assertThat(router(Feature.ALL).route(LOOPBACK, "POST", "/aa/token", "token_type=kbs", NO_BODY).status()).isEqualTo(404);
  }

  @Test
  void aael_validEntry_notEnabledJson() {
    byte[] body = "{\"domain\":\"d\",\"operation\":\"op\",\"content\":\"c\"}".getBytes(StandardCharsets.UTF_8);

    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "POST", "/aa/aael", null, max -> Optional.of(body));

    assertThat(r.status()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("{\"success\":\"false\",\"message\": \"Attestation Agent does not enable eventlog recording\"}");
    assertThat(agent.aael).containsExactly("d op c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "{\"domain\":\"d\",\"operation\":\"op\"}", "{\"domain\":1,\"operation\":\"op\",\"content\":\"c\"}"})
  void aael_malformedEntry_500(String body) {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "POST", "/aa/aael", null,
        max -> Optional.of(body.getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).isEqualTo(500);
    assertThat(agent.aael).isEmpty();
  }

  @Test
  void aael_bodyOverLimit_500() {
    ApiResponse r = router(Feature.ATTESTATION).route(LOOPBACK, "POST", "/aa/aael", null, max -> Optional.empty());

    assertThat(r.status()).isEqualTo(500);
    assertThat(agent.aael).isEmpty();
  }

  @Test
  void query_repeatedAndValueless_lastWinsAndEmpty() {
    assertThat(ApiRouter.query("a=1&a=2&b&&c=")).containsEntry("a", "2").containsEntry("b", "").containsEntry("c", "");
  }
}
