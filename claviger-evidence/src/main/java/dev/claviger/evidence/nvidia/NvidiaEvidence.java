package dev.claviger.evidence.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.TeeClass;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.security.cert.X509Certificate;

/**
 * Upstream's NVIDIA evidence JSON: {@code {"device_evidence_list":[{"arch","uuid"?,"evidence",
 * "certificate"}]}} with the SPDM bytes as hex or standard base64 (hex tried first, as upstream)
 * and the certificate as standard base64 of the PEM chain.
 *
 * @param devices the devices, in evidence order
 */
public record NvidiaEvidence(List<Device> devices) {
  /** Bound on devices per evidence: an HGX board has 8 GPUs and 4 switches. */
  public static final int MAX_DEVICES = 16;
  private static final int MAX_FIELD = 256 * 1024;

  /** One device's evidence. */
  public record Device(Arch arch, String uuid, byte[] report, byte[] pemChain) {
    public Device {
      report = report.clone();
      pemChain = pemChain.clone();
    }

    @Override
    public byte[] report() {
      return report.clone();
    }

    @Override
    public byte[] pemChain() {
      return pemChain.clone();
    }
  }

  /** Device architectures, with the claim name upstream reports and the EAR class. */
  public enum Arch {
    HOPPER("Hopper", TeeClass.GPU),
    BLACKWELL("Blackwell", TeeClass.GPU),
    LS10("LS10", TeeClass.SWITCH);

    private final String claimName;
    private final TeeClass teeClass;

    Arch(String claimName, TeeClass teeClass) {
      this.claimName = claimName;
      this.teeClass = teeClass;
    }

    public String claimName() {
      return claimName;
    }

    public TeeClass teeClass() {
      return teeClass;
    }

    static Arch parse(String s) throws NvidiaRejectedException {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new NvidiaRejectedException(NvidiaError.UNSUPPORTED_ARCH, "architecture '" + s + "'");
      }
    }
  }

  public NvidiaEvidence {
    devices = List.copyOf(devices);
  }

  /** Parses the evidence JSON. */
  public static NvidiaEvidence fromJson(JsonNode json) throws NvidiaRejectedException {
    JsonNode list = json.path("device_evidence_list");
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_DEVICES) {
      throw bad("device_evidence_list must hold 1.." + MAX_DEVICES + " devices");
    }
    List<Device> out = new ArrayList<>();
    for (JsonNode d : list) {
      Arch arch = Arch.parse(text(d, "arch"));
      String uuid = d.hasNonNull("uuid") ? text(d, "uuid") : "";
      byte[] report = hexOrBase64(text(d, "evidence"));
      byte[] chain = base64(text(d, "certificate"));
      out.add(new Device(arch, uuid, report, chain));
    }
    return new NvidiaEvidence(out);
  }

  /**
   * Decodes a file as the CLI receives it: upstream's evidence JSON, nvtrust's evidence list
   * ({@code [{arch, evidence, certificate, …}]}, as in the PPCIe SDK), or one raw / hex / base64
   * SPDM report whose device chain (PEM, leaf first) comes from {@code pemChain}; then the arch
   * is read from the leaf's subject (GH100, GB100, LS_10).
   *
   * @param pemChain the chain for a bare report, or {@code null}
   */
  public static NvidiaEvidence decode(byte[] content, byte[] pemChain)
      throws NvidiaRejectedException {
    if (content.length > MAX_FIELD * MAX_DEVICES) {
      throw bad("evidence file too large");
    }
    String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{") || text.startsWith("[")) {
      JsonNode json;
      try {
        json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      } catch (java.io.IOException e) {
        throw bad("evidence is not JSON");
      }
      if (json.isArray()) {
        com.fasterxml.jackson.databind.node.ObjectNode wrapped =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        wrapped.set("device_evidence_list", json);
        json = wrapped;
      }
      return fromJson(json);
    }
    if (pemChain == null) {
      throw bad("a bare SPDM report needs the device certificate chain (--collateral)");
    }
    byte[] report = content.length > 1 && content[0] == 0x11 && (content[1] & 0xFF) == 0xE0
        ? content.clone() : hexOrBase64(text);
    X509Certificate leaf = dev.claviger.evidence.nvidia.internal.CertChains
        .parsePem(pemChain, dev.claviger.evidence.nvidia.internal.CertChains.DEVICE).get(0);
    Arch arch = java.util.Arrays.stream(Arch.values())
        .filter(a -> NrasStyleClaims.archMatches(a, leaf)).findFirst()
        .orElseThrow(() -> new NvidiaRejectedException(NvidiaError.UNSUPPORTED_ARCH,
            "cannot tell the architecture from " + leaf.getSubjectX500Principal()));
    return new NvidiaEvidence(List.of(new Device(arch, "", report, pemChain)));
  }

  /** Upstream's JSON form of this evidence (for handing to the Verifier SPI). */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    com.fasterxml.jackson.databind.node.ObjectNode root =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("device_evidence_list");
    for (Device d : devices) {
      list.addObject().put("arch", d.arch().name()).put("uuid", d.uuid())
          .put("evidence", Base64.getEncoder().encodeToString(d.report()))
          .put("certificate", Base64.getEncoder().encodeToString(d.pemChain()));
    }
    return root;
  }

  private static String text(JsonNode d, String field) throws NvidiaRejectedException {
    JsonNode n = d.get(field);
    if (n == null || !n.isTextual() || n.asText().length() > MAX_FIELD) {
      throw bad("'" + field + "' must be a string of at most " + MAX_FIELD + " characters");
    }
    return n.asText();
  }

  static byte[] hexOrBase64(String s) throws NvidiaRejectedException {
    String t = s.strip();
    if (t.length() % 2 == 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return HexFormat.of().parseHex(t);
    }
    return base64(t);
  }

  private static byte[] base64(String s) throws NvidiaRejectedException {
    try {
      return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw bad("not base64: " + e.getMessage());
    }
  }

  private static NvidiaRejectedException bad(String detail) {
    return new NvidiaRejectedException(NvidiaError.MALFORMED, detail);
  }

  @Override
  public String toString() {
    return "NvidiaEvidence[devices=" + devices.size() + "]";
  }
}
