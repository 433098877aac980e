package dev.claviger.evidence.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;

/**
 * The subset of NRAS claims (v3, {@code x-nvidia-<gpu|switch>-*}) that local verification can
 * establish, added next to upstream's Local claims so the upstream GPU policy can read them.
 * Every value states what was actually checked: reaching this code means the report parsed, its
 * signature and chain verified and its nonce matched (anything else was rejected before).
 * OCSP is never queried offline, so {@code x-nvidia-cert-ocsp-status} is {@code "not-checked"}
 * and the upstream policy, which demands {@code "good"}, does not affirm hardware on it.
 */
final class NrasStyleClaims {
  static final String OCSP_NOT_CHECKED = "not-checked";

  private NrasStyleClaims() {}

  static void add(ObjectNode c, NvidiaEvidence.Arch arch, X509Certificate leaf, JsonNode config,
      JsonNode rim) {
    String p = "x-nvidia-" + (arch == NvidiaEvidence.Arch.LS10 ? "switch" : "gpu") + "-";
    c.put(p + "arch-check", archMatches(arch, leaf));
    c.put(p + "attestation-report-parsed", true);
    c.put(p + "attestation-report-signature-verified", true);
    c.put(p + "attestation-report-nonce-match", true);
    c.put(p + "attestation-report-cert-chain-fwid-match", config.has("fwid"));
    chain(c.putObject(p + "attestation-report-cert-chain"));
    if (config.has("driver_version")) {
      c.put(p + "driver-version", config.get("driver_version").asText());
    }
    c.put(p + "vbios-version", config.path("vbios_version").asText());
    if (rim != null) {
      rim(c, p + "driver-rim-", rim.path("driver"));
      rim(c, p + "vbios-rim-", rim.path("vbios"));
      if (rim.at("/vbios/verified").asBoolean()) {
        chain(c.putObject(p + "vbios-rim-cert-chain"));
      }
      c.put("measres", rim.path("measres").asText("fail"));
    }
  }

  private static void chain(ObjectNode o) {
    o.put("x-nvidia-cert-status", "valid");
    o.put("x-nvidia-cert-ocsp-status", OCSP_NOT_CHECKED);
  }

  private static void rim(ObjectNode c, String p, JsonNode r) {
    boolean verified = r.path("verified").asBoolean();
    c.put(p + "fetched", r.path("found").asBoolean());
    c.put(p + "signature-verified", verified);
    c.put(p + "version-match", verified);
    c.put(p + "measurements-available", verified);
    // No XSD validation of the SWID schema is done; say so rather than claim it.
    c.put(p + "schema-validated", false);
  }

  /** The leaf's subject names the chip: GH100 (Hopper), GB100 (Blackwell), LS_10 (NVSwitch). */
  static boolean archMatches(NvidiaEvidence.Arch arch, X509Certificate leaf) {
    String subject = leaf.getSubjectX500Principal().getName();
    String chip = switch (arch) {
      case HOPPER -> "CN=GH100 ";
      case BLACKWELL -> "CN=GB100 ";
      case LS10 -> "CN=LS_10 ";
    };
    return subject.contains(chip);
  }
}
