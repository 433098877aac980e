package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.api.Feature;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.agent.daemon.AgentDaemon;
import dev.claviger.agent.daemon.KbsConfig;
import dev.claviger.cli.Main;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent against the real {@code claviger server}: every TEE key type (hence every JWE
 * {@code alg} the server emits) in cookie and bearer mode, upstream's token mode (fresh token plus
 * PEM key, as CDH uses it), the wired daemon's REST API and {@code claviger agent serve}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentInteropIT {
  private static final ResourcePath PATH = ResourcePath.parse("default/key/interop");
  private static final byte[] SECRET = "interop secret, 32 bytes long!!!".getBytes(StandardCharsets.UTF_8);
  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private ClavigerFixture kbs;

  @BeforeAll
  void start() throws Exception {
    kbs = ClavigerFixture.start(dir.resolve("kbs"));
    kbs.seed(PATH.toString(), SECRET);
  }

  @AfterAll
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
  }

  Stream<Arguments> keyTypesAndModes() {
    List<Arguments> all = new ArrayList<>();
    for (TeeKeySpec spec : TeeKeySpec.values()) {
      for (KbsClient.Mode mode : KbsClient.Mode.values()) {
        all.add(Arguments.of(spec, mode));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("keyTypesAndModes")
  void getResource_eachKeyTypeAndMode_decryptsSecret(TeeKeySpec spec, KbsClient.Mode mode) throws Exception {
    KbsClient client = kbs.client().keySpec(spec).mode(mode).build();

    try (SecretBytes first = client.getResource(PATH); SecretBytes second = client.getResource(PATH)) {
      assertThat(first.contentEquals(SECRET)).isTrue();
      assertThat(second.contentEquals(SECRET)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void freshToken_eachKeyType_serverWrapsWithKeysAlgAndPemKeyDecrypts(TeeKeySpec spec) throws Exception {
    KbsClient.TokenWithKey token = kbs.client().keySpec(spec).build().freshToken();

    JsonNode jwe = bearerResource(token.token().jwt());

    String header = new String(Base64s.decodeUrlNoPad(jwe.get("protected").asText()), StandardCharsets.UTF_8);
    // guest-components trap #1: alg first, enc second, so a Rust client's re-serialised AAD matches.
    assertThat(header).startsWith("{\"alg\":\"" + spec.jweAlgorithm() + "\",\"enc\":\"A256GCM\"");
    if (spec == TeeKeySpec.EC_P256 || spec == TeeKeySpec.EC_P521) {
      assertThat(Json.parse(header).at("/epk/crv").asText()).isEqualTo(spec == TeeKeySpec.EC_P256 ? "P-256" : "P-521");
    }
    assertThat(decrypt(jwe, token.privateKeyPem())).isEqualTo(SECRET);
  }

  @Test
  void daemon_restApi_resourceTokenAndErrorsAgainstRealServer() throws Exception {
    AgentDaemon.Options options = new AgentDaemon.Options(new KbsConfig(kbs.url(), Optional.empty(), TeeKeySpec.EC_P256),
        new InetSocketAddress("127.0.0.1", 0), Feature.ALL, Optional.of("sample"), Optional.empty(),
        new PlatformPaths(dir.resolve("empty-guest"), Map.of()));
    try (AgentDaemon daemon = AgentDaemon.start(options)) {
      String base = "http://127.0.0.1:" + daemon.address().getPort();

      HttpResponse<byte[]> resource = get(base + "/cdh/resource/" + PATH);
      HttpResponse<byte[]> absent = get(base + "/cdh/resource/default/key/absent");
      HttpResponse<byte[]> token = get(base + "/aa/token?token_type=kbs");

      assertThat(resource.statusCode()).isEqualTo(200);
      assertThat(resource.body()).isEqualTo(SECRET);
      assertThat(absent.statusCode()).isEqualTo(500);
      assertThat(new String(absent.body(), StandardCharsets.UTF_8)).doesNotContain("at dev.claviger");
      JsonNode reply = Json.parse(token.body());
      JsonNode jwe = bearerResource(reply.get("token").asText());
      try (SecretBytes pem = SecretBytes.copyOf(reply.get("tee_keypair").asText().getBytes(StandardCharsets.US_ASCII))) {
        assertThat(decrypt(jwe, pem)).isEqualTo(SECRET);
      }
    }
  }

  @Test
  void cliServe_getResourceThroughLocalApi_thenStops() throws Exception {
    PipedInputStream pipe = new PipedInputStream();
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serve = new Thread(() -> exit.set(Main.run(new String[] {"agent", "serve", "--kbs", kbs.url().toString(),
        "--listen", "127.0.0.1:0", "--tee", "sample", "--features", "all"}, out, System.err)));
    serve.start();
    try {
      String line = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8)).readLine();
      Matcher port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) \\(tee sample, features all\\)").matcher(line);
      assertThat(port.find()).as(line).isTrue();

      HttpResponse<byte[]> resource = get("http://127.0.0.1:" + port.group(1) + "/cdh/resource/" + PATH);

      assertThat(resource.statusCode()).isEqualTo(200);
      assertThat(resource.body()).isEqualTo(SECRET);
    } finally {
      serve.interrupt();
      serve.join(10_000);
    }
    assertThat(exit).hasValue(0);
  }

  @Test
  void cliGetResource_kbsUri_printsSecret() {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "get-resource", "--url", kbs.url().toString(),
        "--key-type", "ec-p521", "kbs:///" + PATH);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(SECRET);
  }

  @Test
  void cliEvidence_sampleRuntimeData_printsUpstreamSampleJson() throws Exception {
    ClavigerFixture.CliResult result = ClavigerFixture.cli("agent", "evidence", "--tee", "sample", "--runtime-data", "hello");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.out().strip()).isEqualTo("{\"svn\":\"1\",\"report_data\":\"aGVsbG8=\"}");
  }

  @Test
  void cliUnseal_vaultSecretSignedWithKbsHeldKey_printsSecretAndTamperIsRefused() throws Exception {
    com.nimbusds.jose.jwk.ECKey signing = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
    kbs.setResource("default/sealing/pub", signing.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
    String sealed = dev.claviger.agent.cdh.SealedSecret.seal(
        dev.claviger.agent.cdh.SecretPayload.Vault.kbs("kbs:///" + PATH), signing.toECPrivateKey(), "kbs:///default/sealing/pub");

    ClavigerFixture.CliResult ok = ClavigerFixture.cli("agent", "unseal", "--secret", sealed, "--kbs", kbs.url().toString());
    String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BA" : "AA");
    ClavigerFixture.CliResult bad = ClavigerFixture.cli("agent", "unseal", "--secret", tampered, "--kbs", kbs.url().toString());

    assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    assertThat(ok.stdout()).isEqualTo(SECRET);
    assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(1);
    assertThat(bad.stdout()).isEmpty();
  }

  private JsonNode bearerResource(String jwt) throws Exception {
    HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(URI.create(kbs.url() + "/kbs/v0/resource/" + PATH))
        .header("Authorization", "Bearer " + jwt).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(reply.statusCode()).as(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return Json.parse(reply.body());
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** What upstream's CDH does in token mode: decrypt the KBS response with the returned PEM key. */
  private static byte[] decrypt(JsonNode jwe, SecretBytes pem) throws Exception {
    JWEObject object = JWEObject.parse(String.join(".", jwe.get("protected").asText(), jwe.get("encrypted_key").asText(),
        jwe.get("iv").asText(), jwe.get("ciphertext").asText(), jwe.get("tag").asText()));
    PrivateKey key = privateKey(new String(pem.toByteArray(), StandardCharsets.US_ASCII));
    object.decrypt(key instanceof ECPrivateKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key));
    return object.getPayload().toBytes();
  }

  /** PKCS#8 for EC, PKCS#1 for RSA (upstream's GetToken forms), parsed independently with BouncyCastle. */
  private static PrivateKey privateKey(String pem) throws Exception {
    boolean rsa = pem.startsWith("-----BEGIN RSA PRIVATE KEY-----");
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    if (!rsa) {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
    org.bouncycastle.asn1.pkcs.RSAPrivateKey k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
    return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
        k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(), k.getCoefficient()));
  }
}
