package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Upstream GetToken("kbs") semantics of {@link KbsClient#freshToken()}. */
class KbsClientTokenTest {
  private static final byte[] SECRET = "token-mode secret".getBytes(StandardCharsets.UTF_8);
  private ScriptedKbs kbs;

  @BeforeEach
  void start() throws Exception {
    kbs = new ScriptedKbs();
    kbs.put("default/key/one", SECRET);
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  private KbsClient client(TeeKeySpec spec) {
    return KbsClient.builder(kbs.url(), new SampleAttester())
        .keySpec(spec)
        .retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO))
        .build();
  }

  @ParameterizedTest
  @EnumSource(TeeKeySpec.class)
  void freshToken_eachKeyType_pemKeyDecryptsWhatKbsWrapsToTokenKey(TeeKeySpec spec) throws Exception {
    KbsClient.TokenWithKey token = client(spec).freshToken();

    // Token mode as upstream's CDH uses it: bearer token to the KBS, decrypt with the returned key.
    HttpResponse<byte[]> reply = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(kbs.url() + "/kbs/v0/resource/default/key/one"))
            .header("Authorization", "Bearer " + token.token().jwt()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode jwe = Json.parse(reply.body());
    JWEObject object = JWEObject.parse(String.join(".", jwe.get("protected").asText(),
        jwe.get("encrypted_key").asText(), jwe.get("iv").asText(), jwe.get("ciphertext").asText(), jwe.get("tag").asText()));
    PrivateKey key = privateKey(token.privateKeyPem());
    object.decrypt(key instanceof ECPrivateKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key));
    assertThat(object.getPayload().toBytes()).isEqualTo(SECRET);
  }

  @Test
  void freshToken_twice_twoHandshakesWithDifferentKeysNotTheClientKey() throws Exception {
    KbsClient client = client(TeeKeySpec.EC_P256);

    KbsClient.TokenWithKey first = client.freshToken();
    KbsClient.TokenWithKey second = client.freshToken();

    assertThat(kbs.authCalls).hasValue(2);
    Object firstKey = tokenPubkey(first);
    assertThat(firstKey).isNotEqualTo(tokenPubkey(second));
    assertThat(firstKey).isNotEqualTo(Json.mapper().convertValue(client.teePublicJwk(), Map.class));
  }

  @Test
  void freshToken_doesNotReplaceClientSession() throws Exception {
    KbsClient client = client(TeeKeySpec.EC_P256);
    client.getResource(ResourcePath.parse("default/key/one")).close();

    client.freshToken();
    try (SecretBytes again = client.getResource(ResourcePath.parse("default/key/one"))) {
      assertThat(again.contentEquals(SECRET)).isTrue();
    }
    assertThat(kbs.authCalls).hasValue(2);
  }

  @Test
  void toJson_upstreamShape_tokenAndPem() throws Exception {
    KbsClient.TokenWithKey token = client(TeeKeySpec.EC_P256).freshToken();

    JsonNode json;
    try (SecretBytes bytes = token.toJson()) {
      json = Json.parse(bytes.toByteArray());
    }
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get("token").asText()).isEqualTo(token.token().jwt());
    assertThat(json.get("tee_keypair").asText()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(token.toString()).contains("redacted").doesNotContain(token.token().jwt());
  }

  @Test
  void toJson_hostileTokenCharacters_escapedAndRoundTrip() throws Exception {
    String jwt = "a\"b\\c\u0001d";
    byte[] pem = "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    KbsClient.TokenWithKey token = new KbsClient.TokenWithKey(
        new AttestationToken(jwt, java.util.Optional.empty()), SecretBytes.copyOf(pem));

    JsonNode json;
    try (SecretBytes bytes = token.toJson()) {
      json = Json.parse(bytes.toByteArray());
    }

    assertThat(json.get("token").asText()).isEqualTo(jwt);
    assertThat(json.get("tee_keypair").asText().getBytes(StandardCharsets.US_ASCII)).isEqualTo(pem);
  }

  private static Object tokenPubkey(KbsClient.TokenWithKey token) throws Exception {
    return SignedJWT.parse(token.token().jwt()).getJWTClaimsSet().getJSONObjectClaim("tee-pubkey");
  }

  /** PKCS#8 directly; PKCS#1 wrapped into PKCS#8 (rsaEncryption) so the JDK checks its structure. */
  static PrivateKey privateKey(SecretBytes pem) throws Exception {
    String text = new String(pem.toByteArray(), StandardCharsets.US_ASCII);
    boolean rsa = text.startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    assertThat(text).endsWith(rsa ? "\n-----END RSA PRIVATE KEY-----\n" : "\n-----END PRIVATE KEY-----\n");
    String body = text.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
    byte[] der = Base64.getDecoder().decode(body);
    if (!rsa) {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes(HexFormat.of().parseHex("020100300d06092a864886f70d0101010500"));
    info.write(0x04);
    writeLength(info, der.length);
    info.writeBytes(der);
    ByteArrayOutputStream seq = new ByteArrayOutputStream();
    seq.write(0x30);
    writeLength(seq, info.size());
    seq.writeBytes(info.toByteArray());
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(seq.toByteArray()));
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    out.write(0x82);
    out.write(length >> 8);
    out.write(length);
  }
}
