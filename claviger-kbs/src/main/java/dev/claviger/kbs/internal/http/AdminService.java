package dev.claviger.kbs.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.AttestationService;
import dev.claviger.attestation.InvalidPolicyException;
import dev.claviger.attestation.ReferenceValue;
import dev.claviger.attestation.RvpsException;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import dev.claviger.kbs.internal.policy.ResourcePolicy;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Admin operations on policies and reference values (authorization happens before). */
public final class AdminService {
  private final Optional<AttestationService> attestation;
  private final ResourcePolicy resourcePolicy;

  public AdminService(Optional<AttestationService> attestation, ResourcePolicy resourcePolicy) {
    this.attestation = Objects.requireNonNull(attestation, "attestation");
    this.resourcePolicy = Objects.requireNonNull(resourcePolicy, "resourcePolicy");
  }

  /** {@code {"policy":"<b64url-nopad rego>"}}. */
  public void setResourcePolicy(byte[] body) throws KbsException {
    ObjectNode req = KbsJson.parseObject(body, "resource policy request");
    resourcePolicy.set(decodePolicy(KbsJson.requireText(req, "policy", "resource policy request")));
  }

  public ArrayNode resourcePolicyIds() throws KbsException {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    resourcePolicy.ids().forEach(a::add);
    return a;
  }

  /** {@code {"type":"rego","policy_id":"default_cpu","policy":"<b64url-nopad rego>"}}; type ignored. */
  public void setAttestationPolicy(byte[] body) throws KbsException {
    ObjectNode req = KbsJson.parseObject(body, "attestation policy request");
    String id = KbsJson.requireText(req, "policy_id", "attestation policy request");
    String text = decodePolicy(KbsJson.requireText(req, "policy", "attestation policy request"));
    try {
      as().setPolicy(id, text);
    } catch (InvalidPolicyException e) {
      throw new KbsException(ErrorType.PARSE_POLICY_ERROR, "Invalid attestation policy: " + e.getMessage());
    } catch (AttestationException e) {
      throw new KbsException(ErrorType.INTERNAL_ERROR, "attestation service failed to store the policy", e);
    }
  }

  /** An RVPS message {@code {"version":"0.1.0","type":"sample","payload":"<std b64>"}}. */
  public void registerReferenceValue(byte[] body) throws KbsException {
    ObjectNode msg = KbsJson.parseObject(body, "reference value message");
    try {
      as().rvps().register(msg);
    } catch (RvpsException e) {
      throw rvps(e);
    }
  }

  /** The value only, as upstream; unknown name is {@code RvpsError} (401). */
  public JsonNode referenceValue(String name) throws KbsException {
    try {
      return as().rvps().query(name).orElseThrow(() -> new KbsException(
          ErrorType.RVPS_ERROR, "RVPS error: no reference value named '" + name + "'"));
    } catch (RvpsException e) {
      throw rvps(e);
    }
  }

  /** Claviger extension: all reference values with provenance and expiry. */
  public ArrayNode referenceValues() throws KbsException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    try {
      List<ReferenceValue> all = as().rvps().list();
      for (ReferenceValue rv : all) {
        ObjectNode o = out.addObject();
        o.put("name", rv.name());
        o.set("value", rv.value());
        o.put("provenance", rv.provenance());
        o.put("created", rv.createdAt().toString());
        rv.expiresAt().ifPresent(e -> o.put("expiration", e.toString()));
      }
    } catch (RvpsException e) {
      throw rvps(e);
    }
    return out;
  }

  private static KbsException rvps(RvpsException e) {
    return e.reason() == RvpsException.Reason.INVALID_MESSAGE
        ? new KbsException(ErrorType.RVPS_ERROR, "RVPS error: " + e.getMessage())
        : new KbsException(ErrorType.INTERNAL_ERROR, "reference value storage failed", e);
  }

  private AttestationService as() throws KbsException {
    return attestation.orElseThrow(() -> new KbsException(ErrorType.PLUGIN_NOT_FOUND,
        "Plugin not found: this KBS has no attestation service"));
  }

  /** Strict base64url without padding, then strict UTF-8, as upstream's decoder. */
  static String decodePolicy(String b64) throws KbsException {
    if (b64.indexOf('=') >= 0) {
      throw new KbsException(ErrorType.SERDE_ERROR, "policy must be base64url without padding");
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(b64);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (IllegalArgumentException e) {
      throw new KbsException(ErrorType.SERDE_ERROR, "policy must be base64url without padding");
    } catch (CharacterCodingException e) {
      throw new KbsException(ErrorType.SERDE_ERROR, "policy is not UTF-8 text");
    }
  }
}
