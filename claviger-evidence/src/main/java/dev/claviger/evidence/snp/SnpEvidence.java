package dev.claviger.evidence.snp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.snp.internal.EvidenceJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SEV-SNP evidence as upstream's guest emits it: {@code {"attestation_report": {...sev crate
 * serde...}, "cert_chain": [{"cert_type": "VCEK", "data": [...]}] | null}}.
 *
 * @param report the report, re-encoded to its 1184 bytes from the JSON fields (reserved bytes are
 *     zero, as in the sev crate's encoder)
 * @param certChain the certificate table when the guest sent one; empty when it sent {@code null}
 *     or nothing (the VCEK then comes from a configured source)
 */
public record SnpEvidence(SnpReport report, Optional<List<SnpCertEntry>> certChain) {
  /** Bound on encoded evidence (JSON with number arrays is about 25 KB per certificate). */
  public static final int MAX_INPUT = 1024 * 1024;

  public SnpEvidence {
    Objects.requireNonNull(report, "report");
    certChain = Objects.requireNonNull(certChain, "certChain").map(List::copyOf);
  }

  /** Parses upstream's evidence JSON. */
  public static SnpEvidence fromJson(JsonNode evidence) throws SnpRejectedException {
    return EvidenceJson.parse(evidence);
  }

  /**
   * Decodes evidence as people hand it over: the raw 1184-byte report, the report as hex or base64
   * text, or upstream's evidence JSON.
   */
  public static SnpEvidence decode(byte[] input) throws SnpRejectedException {
    Objects.requireNonNull(input, "input");
    if (input.length > MAX_INPUT) {
      throw bad("input larger than " + MAX_INPUT + " bytes");
    }
    if (input.length == SnpReport.SIZE && input[1] == 0 && input[2] == 0 && input[3] == 0) {
      return new SnpEvidence(SnpReport.parse(input), Optional.empty());
    }
    String text = new String(input, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{")) {
      try {
        return fromJson(Json.parse(input));
      } catch (MalformedInputException e) {
        throw bad("evidence is not JSON: " + e.getMessage());
      }
    }
    return new SnpEvidence(SnpReport.parse(fromText(text)), Optional.empty());
  }

  private static byte[] fromText(String text) throws SnpRejectedException {
    String t = text.replaceAll("\\s+", "");
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    try {
      if (t.length() == 2 * SnpReport.SIZE && t.matches("[0-9a-fA-F]+")) {
        return Hex.decode(t);
      }
      return Base64s.decodeLenient(t);
    } catch (MalformedInputException e) {
      throw bad("report is neither binary, hex nor base64");
    }
  }

  private static SnpRejectedException bad(String detail) {
    return new SnpRejectedException(SnpError.MALFORMED_EVIDENCE, detail);
  }
}
