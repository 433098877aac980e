package dev.claviger.kbs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.claviger.core.CanonicalJson;
import dev.claviger.kbs.internal.json.KbsJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A test-side KBS client (JDK HttpClient + Nimbus) that speaks RCAR 0.4.0 as the Rust guest does:
 * P-256 tee key with alg ECDH-ES+A256KW, report data = SHA-384(JCS({additional-evidence, nonce,
 * tee-pubkey})), sample evidence. The cookie is handled by hand so tests can replay or move it.
 */
public final class RcarTestClient {
  public final HttpClient http = HttpClient.newHttpClient();
  public final KeyPair teeKeys;
  public final ObjectNode teePubKey;

  public RcarTestClient() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      teeKeys = g.generateKeyPair();
      ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) teeKeys.getPublic()).build();
      teePubKey = (ObjectNode) KbsJson.mapper().readTree(jwk.toJSONString());
      teePubKey.put("alg", "ECDH-ES+A256KW");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Result of one call: status, body, and the session cookie value if one was set. */
  public record Reply(int status, String body, String cookie) {
    public JsonNode json() {
      try {
        return KbsJson.mapper().readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Reply auth(URI base, String version, String tee) throws Exception {
    ObjectNode req = KbsJson.mapper().createObjectNode().put("version", version).put("tee", tee);
    req.putObject("extra-params").putArray("supported-hash-algorithms").add("sha384");
    return send(HttpRequest.newBuilder(base.resolve("/kbs/v0/auth"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(req.toString())), null);
  }

  public ObjectNode attestation(String nonce, String reportNonce) throws Exception {
    ObjectNode runtime = KbsJson.mapper().createObjectNode();
    runtime.put("additional-evidence", "");
    runtime.put("nonce", reportNonce);
    runtime.set("tee-pubkey", teePubKey);
    byte[] digest = MessageDigest.getInstance("SHA-384").digest(CanonicalJson.canonicalize(runtime));
    ObjectNode body = KbsJson.mapper().createObjectNode();
    body.putObject("runtime-data").put("nonce", nonce).set("tee-pubkey", teePubKey);
    ObjectNode ev = body.putObject("tee-evidence");
    ev.putObject("primary_evidence").put("svn", "1").put("report_data", Base64.getEncoder().encodeToString(digest));
    ev.put("additional_evidence", "");
    return body;
  }

  public Reply attest(URI base, String cookie, JsonNode body) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve("/kbs/v0/attest"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())), cookie);
  }

  /** {@code /auth} then {@code /attest} with correct sample evidence. */
  public Reply handshake(URI base) throws Exception {
    Reply a = auth(base, "0.4.0", "sample");
    if (a.status() != 200) {
      throw new AssertionError("auth failed: " + a);
    }
    String nonce = a.json().get("nonce").asText();
    return attest(base, a.cookie(), attestation(nonce, nonce));
  }

  public Reply get(URI base, String path, String cookie, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b, cookie);
  }

  public Reply send(HttpRequest.Builder b, String cookie) throws Exception {
    if (cookie != null) {
      b.header("Cookie", "kbs-session-id=" + cookie);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String set = r.headers().firstValue("Set-Cookie").orElse(null);
    String value = null;
    if (set != null && set.startsWith("kbs-session-id=")) {
      value = set.substring("kbs-session-id=".length(), set.indexOf(';'));
    }
    return new Reply(r.statusCode(), r.body(), value);
  }

  /** Decrypts a resource JWE with the tee private key (Nimbus, compact form). */
  public byte[] decrypt(JsonNode jwe) throws Exception {
    String compact = String.join(".", jwe.get("protected").asText(), jwe.get("encrypted_key").asText(),
        jwe.get("iv").asText(), jwe.get("ciphertext").asText(), jwe.get("tag").asText());
    JWEObject o = JWEObject.parse(compact);
    o.decrypt(new ECDHDecrypter((ECPrivateKey) teeKeys.getPrivate()));
    return o.getPayload().toBytes();
  }
}
