package dev.claviger.kbs.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationRejectedException;
import dev.claviger.attestation.AttestationRequest;
import dev.claviger.attestation.AttestationService;
import dev.claviger.attestation.EarToken;
import dev.claviger.attestation.InitData;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import dev.claviger.kbs.internal.jwe.InvalidTeeKeyException;
import dev.claviger.kbs.internal.jwe.TeePublicKey;
import dev.claviger.kbs.internal.session.SessionState;
import dev.claviger.store.NonceRepository;
import dev.claviger.store.StoreException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RCAR handshake (KBS protocol 0.4.0): {@code /auth} issues a challenge and a sealed
 * {@code Challenged} session; {@code /attest} checks the session and nonce, consumes the nonce
 * once in the shared store, relays the evidence to the Attestation Service and returns the EAR.
 */
public final class RcarService {
  public static final String PROTOCOL_VERSION = "0.4.0";
  private static final Logger LOG = LoggerFactory.getLogger(RcarService.class);
  private static final int NONCE_BYTES = 32;
  private static final int MAX_DEVICES = 64;

  private final Optional<AttestationService> attestation;
  private final NonceRepository nonces;
  private final Clock clock;
  private final Duration sessionTimeout;
  private final SecureRandom random;

  public RcarService(
      Optional<AttestationService> attestation,
      NonceRepository nonces,
      Clock clock,
      Duration sessionTimeout,
      SecureRandom random) {
    this.attestation = Objects.requireNonNull(attestation, "attestation");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sessionTimeout = Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The challenge body and the new session. */
  public record Challenge(ObjectNode body, SessionState.Challenged session) {}

  public Challenge auth(byte[] body) throws KbsException {
    ObjectNode req = KbsJson.parseObject(body, "Request");
    JsonNode version = req.get("version");
    if (version == null || !version.isTextual() || !PROTOCOL_VERSION.equals(version.textValue())) {
      throw authFailed("KBS Client Protocol Version Mismatch: expect =" + PROTOCOL_VERSION
          + " while the request is " + (version == null ? "missing" : shown(version.asText())));
    }
    Tee tee = tee(req.get("tee"));
    if (tee == Tee.SE) {
      throw authFailed("IBM SE needs an AS-generated challenge, which this KBS does not support");
    }
    requireAttestationService();
    byte[] raw = new byte[NONCE_BYTES];
    random.nextBytes(raw);
    String nonce = Base64.getEncoder().encodeToString(raw);
    Instant expires = clock.instant().plus(sessionTimeout);
    try {
      nonces.issue(nonce, expires);
    } catch (StoreException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "store failed to record the nonce", e);
    }
    ObjectNode challenge = JsonNodeFactory.instance.objectNode();
    challenge.put("nonce", nonce);
    challenge.put("extra-params", "");
    return new Challenge(challenge, new SessionState.Challenged(sessionId(), tee.wireName(), nonce, expires));
  }

  /**
   * Attests a challenged session, or returns the token of an already attested one (as upstream,
   * without a new verification).
   */
  public SessionState.Attested attest(SessionState session, byte[] body) throws KbsException {
    AttestationService as = requireAttestationService();
    if (session instanceof SessionState.Attested a) {
      return a;
    }
    SessionState.Challenged c = (SessionState.Challenged) session;
    ObjectNode req = KbsJson.parseObject(body, "Attestation");
    JsonNode runtime = object(req, "runtime-data");
    JsonNode nonce = runtime.get("nonce");
    if (nonce == null || !nonce.isTextual() || !nonce.textValue().equals(c.nonce())) {
      throw attestFailed("runtime-data nonce does not match the session's challenge");
    }
    JsonNode teeKey;
    try {
      TeePublicKey.parse(runtime.get("tee-pubkey"));
      teeKey = typedMembers(runtime.get("tee-pubkey"));
    } catch (InvalidTeeKeyException e) {
      throw attestFailed("invalid tee-pubkey: " + e.getMessage());
    }
    JsonNode evidence = object(req, "tee-evidence");
    JsonNode primary = evidence.get("primary_evidence");
    if (primary == null || primary.isNull()) {
      throw attestFailed("tee-evidence.primary_evidence is missing");
    }
    String additional = additionalEvidenceText(evidence);
    Map<Tee, JsonNode> devices = devices(additional);
    Optional<InitData> initData = initData(req.get("init-data"));
    consumeNonce(c.nonce());

    ObjectNode runtimeData = JsonNodeFactory.instance.objectNode();
    runtimeData.set("tee-pubkey", teeKey);
    runtimeData.put("nonce", c.nonce());
    runtimeData.put("additional-evidence", additional);
    Tee tee = Tee.fromWire(c.tee()).orElseThrow();
    HashAlgorithm hash = tee == Tee.SE ? HashAlgorithm.SHA512 : HashAlgorithm.SHA384;
    AttestationRequest request =
        new AttestationRequest(tee, primary, runtimeData, hash, initData, devices, "default");
    try {
      EarToken token = as.attest(request);
      return c.attested(token.jwt());
    } catch (AttestationRejectedException e) {
      LOG.info("attestation rejected for session {} (tee {}): {}", c.id(), c.tee(), e.getMessage());
      throw attestFailed(e.getMessage());
    } catch (AttestationException e) {
      LOG.warn("attestation service failed for session {}", c.id(), e);
      throw new KbsException(ErrorType.INTERNAL_ERROR, "attestation service failed", e);
    }
  }

  /**
   * Upstream deserialises {@code tee-pubkey} into a typed struct and hashes its re-serialisation,
   * so members outside the struct never reach the binding; we keep exactly the same members.
   */
  private static JsonNode typedMembers(JsonNode jwk) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    List<String> members = "RSA".equals(jwk.get("kty").asText())
        ? List.of("kty", "alg", "n", "e") : List.of("kty", "crv", "alg", "x", "y");
    for (String m : members) {
      out.set(m, jwk.get(m));
    }
    return out;
  }

  private void consumeNonce(String nonce) throws KbsException {
    try {
      if (!nonces.consume(nonce, clock.instant())) {
        throw attestFailed("nonce already used or expired");
      }
    } catch (StoreException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "store failed to consume the nonce", e);
    }
  }

  private static String additionalEvidenceText(JsonNode evidence) throws KbsException {
    JsonNode add = evidence.get("additional_evidence");
    if (add == null || add.isNull()) {
      return "";
    }
    if (!add.isTextual()) {
      throw attestFailed("tee-evidence.additional_evidence must be a JSON string");
    }
    return add.textValue();
  }

  /** The {@code additional_evidence} string is a serialised map TEE -> evidence (or empty). */
  private static Map<Tee, JsonNode> devices(String additional) throws KbsException {
    if (additional.isEmpty()) {
      return Map.of();
    }
    JsonNode map;
    try {
      map = KbsJson.mapper().readTree(additional);
    } catch (IOException e) {
      throw attestFailed("additional_evidence is not valid JSON");
    }
    if (map == null || !map.isObject() || map.size() > MAX_DEVICES) {
      throw attestFailed("additional_evidence must be a JSON object of at most " + MAX_DEVICES + " TEEs");
    }
    Map<Tee, JsonNode> out = new EnumMap<>(Tee.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Tee t = Tee.fromWire(e.getKey())
          .orElseThrow(() -> attestFailed("unknown TEE '" + shown(e.getKey()) + "' in additional_evidence"));
      out.put(t, e.getValue());
    }
    return out;
  }

  private static Optional<InitData> initData(JsonNode node) throws KbsException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw attestFailed("init-data must be an object {format, body}");
    }
    JsonNode format = node.get("format");
    JsonNode body = node.get("body");
    if (format == null || !format.isTextual() || body == null || !body.isTextual()) {
      throw attestFailed("init-data needs string members format and body");
    }
    return Optional.of(new InitData(format.textValue(), body.textValue()));
  }

  private static JsonNode object(JsonNode parent, String field) throws KbsException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new KbsException(ErrorType.SERDE_ERROR, "Attestation: missing object '" + field + "'");
    }
    return n;
  }

  private static Tee tee(JsonNode node) throws KbsException {
    if (node == null || !node.isTextual()) {
      throw new KbsException(ErrorType.SERDE_ERROR, "Request: missing string field 'tee'");
    }
    return Tee.fromWire(node.textValue())
        .orElseThrow(() -> authFailed("unknown TEE '" + shown(node.textValue()) + "'"));
  }

  private AttestationService requireAttestationService() throws KbsException {
    return attestation.orElseThrow(() -> new KbsException(ErrorType.ATTESTATION_ERROR,
        "Attestation error: this KBS has no attestation service (passport mode); send a bearer token"));
  }

  private String sessionId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    id[6] = (byte) ((id[6] & 0x0f) | 0x40);
    id[8] = (byte) ((id[8] & 0x3f) | 0x80);
    return HexFormat.of().formatHex(id);
  }

  static KbsException authFailed(String why) {
    return new KbsException(ErrorType.ATTESTATION_ERROR, "Attestation error: RCAR handshake Auth failed: " + why);
  }

  static KbsException attestFailed(String why) {
    return new KbsException(ErrorType.ATTESTATION_ERROR, "Attestation error: RCAR handshake Attest failed: " + why);
  }

  private static String shown(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
