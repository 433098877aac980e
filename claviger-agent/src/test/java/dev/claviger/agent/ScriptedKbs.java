package dev.claviger.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.claviger.agent.internal.JweTestSupport;
import dev.claviger.agent.internal.RcarHandshake;
import dev.claviger.core.Base64s;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted KBS 0.4.0 peer for the client's unit tests: it can be told to fail /auth, drop the
 * cookie, change the challenge or deny, which the real server cannot be made to do on demand (the
 * client against the real {@code claviger server} is tested in claviger-it). It still checks the
 * cookie, the nonce and the sample evidence
 * binding, issues an ES256 token whose claims carry the tee-pubkey, and wraps resources to it.
 * Tokens are trusted by signature against this server's own key, so a second ScriptedKbs configured
 * with {@link #trust(ScriptedKbs)} plays the passport-mode resource KBS.
 */
public final class ScriptedKbs implements AutoCloseable {
  private final HttpServer server;
  private final ECKey signingKey;
  private final Map<String, String> nonces = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> attested = new ConcurrentHashMap<>();
  private final Map<String, byte[]> resources = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  public final AtomicInteger authCalls = new AtomicInteger();
  public final AtomicInteger resourceCalls = new AtomicInteger();
  /** The {@code init-data} member of the last attest request. */
  public volatile JsonNode lastInitData;
  /** Number of upcoming /auth requests answered 503. */
  final AtomicInteger failAuth = new AtomicInteger();
  volatile boolean deny;
  volatile boolean omitCookie;
  volatile String challengeOverride;
  volatile long tokenSeconds = 300;
  volatile Instant now = Instant.now();
  private volatile ECKey trustedIssuer;

  public ScriptedKbs() throws Exception {
    signingKey = new ECKeyGenerator(Curve.P_256).generate();
    trustedIssuer = signingKey.toPublicJWK();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/kbs/v0/auth", this::auth);
    server.createContext("/kbs/v0/attest", this::attest);
    server.createContext("/kbs/v0/resource/", this::resource);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void put(String path, byte[] bytes) {
    resources.put(path, bytes);
  }

  void trust(ScriptedKbs issuer) {
    trustedIssuer = issuer.signingKey.toPublicJWK();
  }

  private void auth(HttpExchange ex) throws IOException {
    authCalls.incrementAndGet();
    if (failAuth.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      send(ex, 503, "{\"type\":\"x/Unavailable\",\"detail\":\"try later\"}");
      return;
    }
    JsonNode request = read(ex);
    if (!"0.4.0".equals(request.path("version").asText())) {
      error(ex, "ProtocolVersion", "expect =0.4.0");
      return;
    }
    byte[] nonceBytes = new byte[32];
    random.nextBytes(nonceBytes);
    String nonce = Base64s.encodeStd(nonceBytes);
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    nonces.put(id, nonce);
    if (!omitCookie) {
      ex.getResponseHeaders().add("Set-Cookie", "kbs-session-id=" + id + "; Expires=Sun, 22 Nov 2099 14:05:00 GMT");
    }
    send(ex, 200, challengeOverride != null ? challengeOverride
        : "{\"nonce\":\"" + nonce + "\",\"extra-params\":\"\"}");
  }

  private void attest(HttpExchange ex) throws IOException {
    try {
      String id = cookie(ex);
      String nonce = id == null ? null : nonces.remove(id);
      JsonNode request = read(ex);
      lastInitData = request.get("init-data");
      JsonNode runtime = request.get("runtime-data");
      if (nonce == null || !nonce.equals(runtime.get("nonce").asText())) {
        error(ex, "AttestationError", "unknown session or nonce mismatch");
        return;
      }
      JsonNode evidence = request.get("tee-evidence").get("primary_evidence");
      byte[] expected = RcarHandshake.reportData(HashAlgorithm.SHA384, nonce, runtime.get("tee-pubkey"),
          request.get("tee-evidence").get("additional_evidence").asText());
      byte[] actual = Base64s.decodeStd(evidence.get("report_data").asText());
      if (!MessageDigest.isEqual(expected, actual) || !"1".equals(evidence.get("svn").asText())) {
        error(ex, "AttestationError", "report data mismatch");
        return;
      }
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .issuer("scripted-kbs")
          .expirationTime(Date.from(now.plusSeconds(tokenSeconds)))
          .claim("tee-pubkey", Json.mapper().convertValue(runtime.get("tee-pubkey"), Map.class))
          .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
      jwt.sign(new ECDSASigner(signingKey));
      attested.put(id, runtime.get("tee-pubkey"));
      send(ex, 200, "{\"token\":\"" + jwt.serialize() + "\"}");
    } catch (Exception e) {
      send(ex, 500, "{\"detail\":\"" + e + "\"}");
    }
  }

  private void resource(HttpExchange ex) throws IOException {
    resourceCalls.incrementAndGet();
    try {
      JsonNode teePubkey = teePubkey(ex);
      if (teePubkey == null) {
        error(ex, "TokenNotFound", "no attested session or valid token");
        return;
      }
      if (deny) {
        error(ex, "PolicyDeny", "Access denied by policy");
        return;
      }
      byte[] bytes = resources.get(ex.getRequestURI().getPath().substring("/kbs/v0/resource/".length()));
      if (bytes == null) {
        error(ex, "PluginInternalError", "resource not found");
        return;
      }
      ObjectNode jwe = JweTestSupport.encrypt(teePubkey, bytes);
      send(ex, 200, Json.write(jwe));
    } catch (Exception e) {
      send(ex, 500, "{\"detail\":\"" + e + "\"}");
    }
  }

  private JsonNode teePubkey(HttpExchange ex) throws Exception {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Bearer ")) {
      SignedJWT jwt = SignedJWT.parse(auth.substring(7));
      if (!jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(trustedIssuer))
          || !jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(now)) {
        return null;
      }
      return Json.mapper().valueToTree(jwt.getJWTClaimsSet().getJSONObjectClaim("tee-pubkey"));
    }
    String id = cookie(ex);
    return id == null ? null : attested.get(id);
  }

  private static String cookie(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Cookie");
    if (header == null || !header.startsWith("kbs-session-id=")) {
      return null;
    }
    return header.substring("kbs-session-id=".length());
  }

  private static JsonNode read(HttpExchange ex) throws IOException {
    try {
      return Json.parse(ex.getRequestBody().readAllBytes());
    } catch (dev.claviger.core.MalformedInputException e) {
      throw new IOException(e);
    }
  }

  private static void error(HttpExchange ex, String variant, String detail) throws IOException {
    send(ex, 401, "{\"type\":\"https://github.com/confidential-containers/kbs/errors/" + variant
        + "\",\"detail\":\"" + detail + "\"}");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
