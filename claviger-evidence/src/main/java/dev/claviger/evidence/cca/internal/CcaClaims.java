package dev.claviger.evidence.cca.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Claims as upstream names them: veraison/ccatoken's JSON form ({@code platform} and
 * {@code realm} objects, kebab-case names, byte strings in standard base64) as Trustee's CCA
 * verifier returns it, plus {@code report_data} (realm challenge) and {@code init_data}
 * (personalization value) in lowercase hex as in Trustee's test claims.
 */
public final class CcaClaims {
  private CcaClaims() {}

  public static ObjectNode of(TokenCheck.Checked c) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("platform", platform(c.platform()));
    root.set("realm", realm(c.realm()));
    root.put("init_data", HexFormat.of().formatHex(c.realm().personalizationValue()));
    root.put("report_data", HexFormat.of().formatHex(c.realm().challenge()));
    return root;
  }

  private static ObjectNode platform(PlatformClaims p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cca-platform-profile", p.profile());
    o.put("cca-platform-challenge", b64(p.challenge()));
    o.put("cca-platform-implementation-id", b64(p.implementationId()));
    o.put("cca-platform-instance-id", b64(p.instanceId()));
    o.put("cca-platform-config", b64(p.config()));
    o.put("cca-platform-lifecycle", p.lifecycle());
    ArrayNode sw = o.putArray("cca-platform-sw-components");
    for (PlatformClaims.SwComponent s : p.swComponents()) {
      ObjectNode n = sw.addObject();
      s.type().ifPresent(v -> n.put("measurement-type", v));
      n.put("measurement-value", b64(s.measurement()));
      s.version().ifPresent(v -> n.put("version", v));
      n.put("signer-id", b64(s.signerId()));
      s.description().ifPresent(v -> n.put("measurement-description", v));
    }
    p.verificationService().ifPresent(v -> o.put("cca-platform-service-indicator", v));
    o.put("cca-platform-hash-algo-id", p.hashAlgoId());
    return o;
  }

  private static ObjectNode realm(RealmClaims r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    r.profile().ifPresent(v -> o.put("cca-realm-profile", v));
    o.put("cca-realm-challenge", b64(r.challenge()));
    o.put("cca-realm-personalization-value", b64(r.personalizationValue()));
    o.put("cca-realm-initial-measurement", b64(r.initialMeasurement()));
    ArrayNode rems = o.putArray("cca-realm-extensible-measurements");
    r.extensibleMeasurements().forEach(m -> rems.add(b64(m)));
    o.put("cca-realm-hash-algo-id", r.hashAlgoId());
    o.put("cca-realm-public-key", b64(r.publicKeyClaim()));
    o.put("cca-realm-public-key-hash-algo-id", r.publicKeyHashAlg().id());
    return o;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
