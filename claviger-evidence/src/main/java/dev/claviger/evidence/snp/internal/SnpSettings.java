package dev.claviger.evidence.snp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.AmdTrustAnchors;
import dev.claviger.evidence.snp.SnpPolicy;
import dev.claviger.evidence.snp.SnpReportVerifier;
import dev.claviger.evidence.snp.VekSource;
import dev.claviger.evidence.snp.VekSources;
import dev.claviger.evidence.snp.KdsClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code snp_verifier} configuration block, read once per distinct block. Unknown members are
 * refused so that a misspelt option cannot silently weaken verification.
 *
 * @param config the block as given (the cache key)
 */
public record SnpSettings(JsonNode config, SnpReportVerifier verifier, SnpPolicy policy) {
  private static final Set<String> KNOWN = Set.of("anchors_dir", "ark_sha256", "vcek_sources",
      "max_vmpl", "allow_debug", "allow_migrate_ma", "require_crl");

  public static SnpSettings from(JsonNode c) throws EvidenceException {
    if (!c.isObject()) {
      throw new EvidenceException("snp_verifier must be an object");
    }
    for (var it = c.fieldNames(); it.hasNext(); ) {
      String n = it.next();
      if (!KNOWN.contains(n)) {
        throw new EvidenceException("snp_verifier: unknown option '" + n + "'");
      }
    }
    JsonNode dir = c.get("anchors_dir");
    if (dir != null && !dir.isTextual()) {
      throw new EvidenceException("snp_verifier.anchors_dir must be a directory path");
    }
    List<VekSource> sources = new ArrayList<>();
    List<Path> crlDirs = new ArrayList<>();
    sources(c.get("vcek_sources"), sources, crlDirs);
    if (dir == null && c.has("ark_sha256")) {
      throw new EvidenceException("snp_verifier.ark_sha256 needs anchors_dir");
    }
    AmdTrustAnchors anchors = dir == null
        ? AmdTrustAnchors.productionBuiltIn(crlDirs)
        : AmdTrustAnchors.fromDirectories(Path.of(dir.textValue()), crlDirs, pins(c));
    SnpPolicy policy = new SnpPolicy(intOption(c, "max_vmpl", 0), bool(c, "allow_debug"),
        bool(c, "allow_migrate_ma"), bool(c, "require_crl"));
    return new SnpSettings(c.deepCopy(), new SnpReportVerifier(anchors, sources), policy);
  }

  private static Set<String> pins(JsonNode c) throws EvidenceException {
    JsonNode p = c.get("ark_sha256");
    if (p == null) {
      return Set.copyOf(AmdTrustAnchors.PRODUCTION_ARK_SHA256.values());
    }
    if (!p.isArray() || p.isEmpty()) {
      throw new EvidenceException("snp_verifier.ark_sha256 must be a non-empty array of hex strings");
    }
    Set<String> out = new HashSet<>();
    for (JsonNode e : p) {
      if (!e.isTextual() || !e.textValue().matches("[0-9a-fA-F]{64}")) {
        throw new EvidenceException("snp_verifier.ark_sha256: not a SHA-256 hex string");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static void sources(JsonNode list, List<VekSource> out, List<Path> crlDirs)
      throws EvidenceException {
    if (list == null) {
      return; // evidence cert_chain only: no network at verification time unless configured
    }
    if (!list.isArray()) {
      throw new EvidenceException("snp_verifier.vcek_sources must be an array");
    }
    for (JsonNode s : list) {
      String type = s.path("type").asText("");
      switch (type) {
        case "OfflineStore" -> {
          Path root = Path.of(s.path("path").asText(
              "/opt/confidential-containers/attestation-service/kds-store"));
          out.add(VekSources.offlineStore(root));
          crlDirs.add(root.resolve("crl"));
        }
        case "KDS" -> out.add(VekSources.kds(kds(s)));
        default -> throw new EvidenceException("snp_verifier: unknown vcek source type '" + type + "'");
      }
    }
  }

  private static KdsClient kds(JsonNode s) throws EvidenceException {
    JsonNode url = s.get("base_url");
    if (url == null || url.isNull()) {
      return KdsClient.production();
    }
    URI base;
    try {
      base = new URI(url.asText());
    } catch (URISyntaxException e) {
      throw new EvidenceException("snp_verifier: bad KDS base_url");
    }
    if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
      throw new EvidenceException("snp_verifier: KDS base_url must be http(s)");
    }
    return new KdsClient(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  private static boolean bool(JsonNode c, String name) throws EvidenceException {
    JsonNode n = c.get(name);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new EvidenceException("snp_verifier." + name + " must be a boolean");
    }
    return n.booleanValue();
  }

  private static int intOption(JsonNode c, String name, int dflt) throws EvidenceException {
    JsonNode n = c.get(name);
    if (n == null) {
      return dflt;
    }
    if (!n.isInt() || n.intValue() < 0 || n.intValue() > 3) {
      throw new EvidenceException("snp_verifier." + name + " must be an integer 0..3");
    }
    return n.intValue();
  }
}
