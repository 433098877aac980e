package dev.claviger.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import dev.claviger.agent.AttestationToken;
import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.InitData;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.core.CanonicalJson;
import dev.claviger.core.Digests;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * KBS protocol 0.4.0 Request → Challenge → Attestation → token, exactly as guest-components'
 * {@code rcar_client.rs} sends it.
 */
public final class RcarHandshake {
  public static final String PROTOCOL_VERSION = "0.4.0";
  public static final String COOKIE_NAME = "kbs-session-id";
  /** What we can compute; upstream also lists sm3, which only IBM SE would select. */
  static final List<String> SUPPORTED_HASHES = List.of("sha256", "sha384", "sha512");
  private static final int MAX_CHALLENGE_BYTES = 256 * 1024;
  private static final int MAX_TOKEN_RESPONSE_BYTES = 2 * 1024 * 1024;
  /**
   * Claviger seals the session, EAR token included, into the cookie: a few KiB for one CPU, above
   * 128 KiB for a verbose multi-device EAR (upstream #1563). Same bound as the KBS header limit.
   */
  private static final int MAX_COOKIE_CHARS = 384 * 1024;

  /** An attested session: the cookie to present and the token the KBS issued. */
  public record Session(String cookie, AttestationToken token) {
    @Override
    public String toString() {
      return "Session[redacted]";
    }
  }

  private RcarHandshake() {}

  /** Runs auth + attest against {@code http}; the result's cookie is already Attested. */
  public static Session run(KbsHttp http, Attester attester, TeeKeyPair key, Optional<InitData> initData)
      throws KbsClientException {
    KbsHttp.Reply challengeReply = http.exchange("/kbs/v0/auth",
        Json.writeBytes(authRequest(attester.tee())), Map.of(), MAX_CHALLENGE_BYTES);
    String cookie = sessionCookie(challengeReply.setCookies())
        .orElseThrow(() -> KbsClientException.of(Reason.PROTOCOL, "auth response set no " + COOKIE_NAME + " cookie"));
    JsonNode challenge = parse(challengeReply.body(), "challenge");
    String nonce = requiredText(challenge, "nonce", "challenge");
    HashAlgorithm hash = selectedHash(challenge.get("extra-params"));

    ObjectNode teePubkey = key.publicJwk();
    byte[] reportData = reportData(hash, nonce, teePubkey, "");
    JsonNode evidence;
    try {
      evidence = attester.evidence(reportData);
    } catch (AttesterException e) {
      throw KbsClientException.of(Reason.ATTESTER, e.getMessage(), e);
    }
    byte[] body = Json.writeBytes(attestRequest(nonce, teePubkey, evidence, initData));
    KbsHttp.Reply tokenReply = http.exchange("/kbs/v0/attest", body,
        Map.of("Cookie", COOKIE_NAME + "=" + cookie), MAX_TOKEN_RESPONSE_BYTES);
    cookie = sessionCookie(tokenReply.setCookies()).orElse(cookie);
    String jwt = requiredText(parse(tokenReply.body(), "attest response"), "token", "attest response");
    return new Session(cookie, new AttestationToken(jwt, expiry(jwt)));
  }

  static ObjectNode authRequest(String tee) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("version", PROTOCOL_VERSION);
    request.put("tee", tee);
    ObjectNode extra = request.putObject("extra-params");
    SUPPORTED_HASHES.forEach(extra.putArray("supported-hash-algorithms")::add);
    return request;
  }

  static ObjectNode attestRequest(String nonce, ObjectNode teePubkey, JsonNode evidence, Optional<InitData> initData) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    if (initData.isPresent()) {
      ObjectNode init = request.putObject("init-data");
      init.put("format", initData.get().format());
      init.put("body", initData.get().body());
    } else {
      request.putNull("init-data");
    }
    ObjectNode runtime = request.putObject("runtime-data");
    runtime.put("nonce", nonce);
    runtime.set("tee-pubkey", teePubkey);
    ObjectNode teeEvidence = request.putObject("tee-evidence");
    teeEvidence.set("primary_evidence", evidence);
    teeEvidence.put("additional_evidence", "");
    return request;
  }

  /** {@code H(JCS({"additional-evidence", "nonce", "tee-pubkey"}))}, the primary binding. */
  public static byte[] reportData(HashAlgorithm hash, String nonce, JsonNode teePubkey, String additionalEvidence) {
    ObjectNode binding = JsonNodeFactory.instance.objectNode();
    binding.put("additional-evidence", additionalEvidence);
    binding.put("nonce", nonce);
    binding.set("tee-pubkey", teePubkey);
    try {
      return Digests.digest(hash, CanonicalJson.canonicalize(binding));
    } catch (MalformedInputException e) {
      throw new IllegalStateException("binding JSON built here is always canonicalisable", e);
    }
  }

  /** SHA-384 unless the challenge names another algorithm (only IBM SE does). */
  static HashAlgorithm selectedHash(JsonNode extraParams) throws KbsClientException {
    if (extraParams == null || !extraParams.isObject()) {
      return HashAlgorithm.SHA384;
    }
    JsonNode selected = extraParams.get("selected-hash-algorithm");
    if (selected == null) {
      return HashAlgorithm.SHA384;
    }
    if (!selected.isTextual()) {
      throw KbsClientException.of(Reason.PROTOCOL, "challenge selected-hash-algorithm is not a string");
    }
    try {
      return HashAlgorithm.fromWireName(selected.asText().toLowerCase(Locale.ROOT));
    } catch (MalformedInputException e) {
      throw KbsClientException.of(Reason.PROTOCOL, "challenge selects " + e.getMessage());
    }
  }

  /** The value of the {@code kbs-session-id} cookie among Set-Cookie headers. */
  static Optional<String> sessionCookie(List<String> setCookies) throws KbsClientException {
    for (String header : setCookies) {
      String pair = header.split(";", 2)[0].strip();
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equals(COOKIE_NAME)) {
        String value = pair.substring(eq + 1).strip();
        if (value.isEmpty() || value.length() > MAX_COOKIE_CHARS || !isCookieOctets(value)) {
          throw KbsClientException.of(Reason.PROTOCOL, "malformed " + COOKIE_NAME + " cookie");
        }
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static boolean isCookieOctets(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon, backslash.
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  static Optional<Instant> expiry(String jwt) {
    try {
      JWT parsed = JWTParser.parse(jwt);
      Date exp = parsed.getJWTClaimsSet().getExpirationTime();
      return Optional.ofNullable(exp).map(Date::toInstant);
    } catch (ParseException e) {
      // Not a JWT we can read: usable once, never cached.
      return Optional.empty();
    }
  }

  static JsonNode parse(byte[] body, String what) throws KbsClientException {
    try {
      JsonNode node = Json.parse(body);
      if (!node.isObject()) {
        throw KbsClientException.of(Reason.PROTOCOL, what + " is not a JSON object");
      }
      return node;
    } catch (MalformedInputException e) {
      throw KbsClientException.of(Reason.PROTOCOL, what + " is not valid JSON: " + e.getMessage());
    }
  }

  static String requiredText(JsonNode node, String member, String what) throws KbsClientException {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw KbsClientException.of(Reason.PROTOCOL, what + " lacks a non-empty string '" + member + "'");
    }
    return value.asText();
  }
}
