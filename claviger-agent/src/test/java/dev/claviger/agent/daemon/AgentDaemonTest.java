package dev.claviger.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.Attester;
import dev.claviger.agent.InitData;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.ScriptedKbs;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.api.Feature;
import dev.claviger.agent.attester.InitDataBinder;
import dev.claviger.agent.attester.InitDataBindingException;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.core.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired daemon against a scripted KBS, through its REST API. */
class AgentDaemonTest {
  private static final String INIT_DATA = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\nk = \"v\"\n";
  @TempDir Path root;
  private ScriptedKbs kbs;
  private AgentDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startKbs() throws Exception {
    kbs = new ScriptedKbs();
    kbs.put("default/key/one", "daemon secret".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    kbs.close();
  }

  private AgentDaemon start(Feature feature, Optional<String> tee, Optional<InitData> initData) throws Exception {
    AgentDaemon.Options options = new AgentDaemon.Options(
        new KbsConfig(kbs.url(), Optional.empty(), TeeKeySpec.EC_P256),
        new InetSocketAddress("127.0.0.1", 0), feature, tee, initData, new PlatformPaths(root, Map.of()));
    daemon = AgentDaemon.start(options);
    return daemon;
  }

  private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.address().getPort() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void start_emptyPlatform_detectsSampleAndServesResourceTwiceWithOneHandshake() throws Exception {
    start(Feature.RESOURCE, Optional.empty(), Optional.empty());

    HttpResponse<byte[]> first = get("/cdh/resource/default/key/one");
    HttpResponse<byte[]> second = get("/cdh/resource/default/key/one");

    assertThat(daemon.attester()).isInstanceOf(SampleAttester.class);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("daemon secret");
    assertThat(kbs.authCalls).hasValue(1);
  }

  @Test
  void resource_refusedByKbs_500WithKbsErrorText() throws Exception {
    start(Feature.RESOURCE, Optional.of("sample"), Optional.empty());

    HttpResponse<byte[]> reply = get("/cdh/resource/default/key/absent");

    assertThat(reply.statusCode()).isEqualTo(500);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("resource not found").doesNotContain("Exception");
  }

  @Test
  void token_allFeatures_freshTokenWithPemKey() throws Exception {
    start(Feature.ALL, Optional.of("sample"), Optional.empty());

    HttpResponse<byte[]> reply = get("/aa/token?token_type=kbs");

    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode token = Json.parse(reply.body());
    assertThat(token.get("token").asText().split("\\.")).hasSize(3);
    assertThat(token.get("tee_keypair").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void evidence_allFeatures_sampleEvidenceOfRawRuntimeData() throws Exception {
    start(Feature.ALL, Optional.of("sample"), Optional.empty());

    HttpResponse<byte[]> reply = get("/aa/evidence?runtime_data=aGVsbG8&encoding=base64");
    HttpResponse<byte[]> info = get("/info");

    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"svn\":\"1\",\"report_data\":\"aGVsbG8=\"}");
    assertThat(Json.parse(info.body()).get("tee").asText()).isEqualTo("sample");
  }

  @Test
  void start_initDataOnSample_unsupportedBindingStillSentVerbatim() throws Exception {
    start(Feature.RESOURCE, Optional.of("sample"), Optional.of(InitData.parse(INIT_DATA.getBytes(StandardCharsets.UTF_8))));

    assertThat(get("/cdh/resource/default/key/one").statusCode()).isEqualTo(200);
    assertThat(kbs.lastInitData.get("format").asText()).isEqualTo("toml");
    assertThat(kbs.lastInitData.get("body").asText()).isEqualTo(INIT_DATA);
  }

  @Test
  void start_unknownTee_configError() {
    assertThatThrownBy(() -> start(Feature.RESOURCE, Optional.of("quantum"), Optional.empty()))
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("quantum");
  }

  @Test
  void bindInitData_platformMismatch_refusesToStart() throws Exception {
    InitData initData = InitData.parse(INIT_DATA.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> AgentDaemon.bindInitData(new BindingAttester(true), initData))
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("binding failed");
  }

  @Test
  void bindInitData_platformMatches_passesDigest() throws Exception {
    InitData initData = InitData.parse(INIT_DATA.getBytes(StandardCharsets.UTF_8));
    BindingAttester attester = new BindingAttester(false);

    AgentDaemon.bindInitData(attester, initData);

    assertThat(attester.bound).isEqualTo(initData.digest());
  }

  @Test
  void anchors_notPem_configError() {
    assertThatThrownBy(() -> AgentDaemon.anchors("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(AgentConfigException.class);
  }

  /** A platform that checks the digest like TDX/SNP do, with a scripted outcome. */
  private static final class BindingAttester implements Attester, InitDataBinder {
    private final boolean mismatch;
    byte[] bound;

    BindingAttester(boolean mismatch) {
      this.mismatch = mismatch;
    }

    @Override
    public String tee() {
      return "tdx";
    }

    @Override
    public JsonNode evidence(byte[] reportData) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void bindInitData(byte[] digest) throws InitDataBindingException {
      if (mismatch) {
        throw new InitDataBindingException(InitDataBindingException.Reason.MISMATCH, "MRCONFIGID differs");
      }
      bound = digest;
    }
  }
}
