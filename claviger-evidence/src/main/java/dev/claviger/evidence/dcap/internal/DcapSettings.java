package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.dcap.Collateral;
import dev.claviger.evidence.dcap.CollateralSource;
import dev.claviger.evidence.dcap.PcsClient;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapQuoteVerifier;
import dev.claviger.evidence.dcap.TcbStatus;
import dev.claviger.evidence.dcap.TrustAnchors;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code dcap_verifier} option block (shared by the TDX and SGX verifiers), and one verifier
 * engine per distinct block so caches survive across calls:
 * <pre>
 * {"collateral_dir": "/path" | "collateral_service": "file:///path",
 *  | "collateral_service": "https://api.trustedservices.intel.com" (PCS/PCCS, cached),
 *  "anchors_dir": "/path",                 (default: built-in Intel SGX Root CA)
 *  "anchors_sha256": ["hex", ...],         (roots to pin in anchors_dir; default: Intel SGX Root CA)
 *  "collateral_expiry": "reject" | "report", (default reject)
 *  "require_crls": true,
 *  "accepted_tcb_statuses": ["UpToDate", ...]} (default: all but Revoked)
 * </pre>
 * Without a collateral source every quote is rejected (no TCB evaluation possible).
 */
public final class DcapSettings {
  public static final String SECTION = "dcap_verifier";
  private static final Map<JsonNode, Engine> ENGINES = new ConcurrentHashMap<>();

  /** A configured engine and the policy to run it with. */
  public record Engine(DcapQuoteVerifier verifier, DcapPolicy policy) {}

  private DcapSettings() {}

  public static Engine engine(VerifierConfig config) throws EvidenceException {
    JsonNode block = config.options(SECTION).orElse(NullNode.getInstance());
    Engine e = ENGINES.get(block);
    if (e == null) {
      e = build(block);
      if (ENGINES.size() > 16) {
        ENGINES.clear();
      }
      ENGINES.put(block, e);
    }
    return e;
  }

  private static Engine build(JsonNode b) throws EvidenceException {
    TrustAnchors anchors = TrustAnchors.intelBuiltIn();
    if (b.hasNonNull("anchors_dir")) {
      Set<String> pins = new java.util.HashSet<>();
      if (b.hasNonNull("anchors_sha256")) {
        b.get("anchors_sha256").forEach(n -> pins.add(n.asText()));
      } else {
        pins.add(TrustAnchors.INTEL_SGX_ROOT_CA_SHA256);
      }
      anchors = TrustAnchors.fromDirectory(Path.of(b.get("anchors_dir").asText()), pins);
    }
    CollateralSource collateral = Collateral.empty();
    String dir = b.hasNonNull("collateral_dir") ? b.get("collateral_dir").asText() : null;
    if (dir == null && b.hasNonNull("collateral_service")) {
      String s = b.get("collateral_service").asText();
      if (s.startsWith("file://")) {
        dir = Path.of(java.net.URI.create(s)).toString();
      } else if (s.startsWith("https://") || s.startsWith("http://")) {
        collateral = PcsClient.create(java.net.URI.create(s));
      } else {
        throw new EvidenceException("dcap_verifier.collateral_service: expected file://, https:// or http://");
      }
    }
    if (dir != null) {
      collateral = Collateral.fromDirectory(Path.of(dir));
    }
    DcapPolicy p = DcapPolicy.strict();
    if (b.hasNonNull("collateral_expiry")) {
      String x = b.get("collateral_expiry").asText();
      p = switch (x) {
        case "reject" -> p.withExpiry(DcapPolicy.CollateralExpiry.REJECT);
        case "report" -> p.withExpiry(DcapPolicy.CollateralExpiry.REPORT);
        default -> throw new EvidenceException("dcap_verifier.collateral_expiry: '" + x + "'");
      };
    }
    if (b.has("require_crls")) {
      p = p.withRequireCrls(b.get("require_crls").asBoolean(true));
    }
    if (b.hasNonNull("accepted_tcb_statuses")) {
      Set<TcbStatus> s = EnumSet.noneOf(TcbStatus.class);
      for (JsonNode n : b.get("accepted_tcb_statuses")) {
        s.add(TcbStatus.fromWire(n.asText()).orElseThrow(
            () -> new EvidenceException("dcap_verifier.accepted_tcb_statuses: '" + n.asText() + "'")));
      }
      p = new DcapPolicy(p.expiry(), p.requireCrls(), true, s);
    }
    return new Engine(new DcapQuoteVerifier(anchors, collateral), p);
  }
}
