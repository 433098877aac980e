package dev.claviger.evidence.snp.internal;

import static dev.claviger.evidence.snp.internal.JsonFields.bad;
import static dev.claviger.evidence.snp.internal.JsonFields.bytes;
import static dev.claviger.evidence.snp.internal.JsonFields.present;
import static dev.claviger.evidence.snp.internal.JsonFields.required;
import static dev.claviger.evidence.snp.internal.JsonFields.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.snp.ProcessorGeneration;
import dev.claviger.evidence.snp.SnpCertEntry;
import dev.claviger.evidence.snp.SnpError;
import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.snp.SnpRejectedException;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.TcbVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads upstream's SNP evidence JSON and rebuilds the 1184 signed report bytes from its fields,
 * byte for byte as the sev crate's {@code AttestationReport} encoder writes them (reserved bytes
 * zero, TCB_VERSION in the layout of the generation the CPUID fields name).
 */
public final class EvidenceJson {
  static final int MAX_CERTS = 16;
  static final int MAX_CERT_BYTES = 64 * 1024;
  private static final String[] TCBS = {"current_tcb", "reported_tcb", "committed_tcb", "launch_tcb"};
  private static final int[] TCB_OFFSETS = {0x038, 0x180, 0x1E0, 0x1F0};

  private EvidenceJson() {}

  public static SnpEvidence parse(JsonNode evidence) throws SnpRejectedException {
    if (evidence == null || !evidence.isObject()) {
      throw bad("snp evidence must be a JSON object");
    }
    JsonNode report = required(evidence, "attestation_report");
    if (!report.isObject()) {
      throw bad("'attestation_report' must be an object");
    }
    SnpReport parsed = SnpReport.parse(encode(report));
    Optional<List<SnpCertEntry>> chain = present(evidence, "cert_chain")
        ? Optional.of(certChain(evidence.get("cert_chain"))) : Optional.empty();
    return new SnpEvidence(parsed, chain);
  }

  static byte[] encode(JsonNode r) throws SnpRejectedException {
    long version = unsigned(r, "version", 32);
    if (version != 2 && version != 3 && version != 5) {
      throw new SnpRejectedException(SnpError.UNSUPPORTED_VERSION,
          "report version " + version + " (supported: 2, 3, 5)");
    }
    ProcessorGeneration layout = layout(r, version);
    LeWriter w = new LeWriter(SnpReport.SIZE);
    w.u32(0x000, version);
    w.u32(0x004, unsigned(r, "guest_svn", 32));
    w.u64(0x008, unsigned(r, "policy", 64));
    w.put(0x010, bytes(r, "family_id", 16));
    w.put(0x020, bytes(r, "image_id", 16));
    w.u32(0x030, unsigned(r, "vmpl", 32));
    w.u32(0x034, unsigned(r, "sig_algo", 32));
    w.u64(0x040, unsigned(r, "plat_info", 64));
    w.u32(0x048, unsigned(r, "key_info", 32));
    w.put(0x050, bytes(r, "report_data", 64));
    w.put(0x090, bytes(r, "measurement", 48));
    w.put(0x0C0, bytes(r, "host_data", 32));
    w.put(0x0E0, bytes(r, "id_key_digest", 48));
    w.put(0x110, bytes(r, "author_key_digest", 48));
    w.put(0x140, bytes(r, "report_id", 32));
    w.put(0x160, bytes(r, "report_id_ma", 32));
    w.put(0x1A0, bytes(r, "chip_id", 64));
    for (int i = 0; i < TCBS.length; i++) {
      w.u64(TCB_OFFSETS[i], tcb(required(r, TCBS[i]), TCBS[i], layout));
    }
    cpuid(r, version, w);
    firmwareVersion(required(r, "current"), "current", 0x1E8, w);
    firmwareVersion(required(r, "committed"), "committed", 0x1EC, w);
    mitigationVectors(r, version, w);
    JsonNode sig = required(r, "signature");
    w.put(0x2A0, bytes(sig, "r", 72));
    w.put(0x2E8, bytes(sig, "s", 72));
    return w.bytes();
  }

  /** The TCB layout: from CPUID for v3+, and for v2 Turin exactly when an FMC value is given. */
  private static ProcessorGeneration layout(JsonNode r, long version) throws SnpRejectedException {
    if (version >= 3) {
      int fam = (int) unsigned(r, "cpuid_fam_id", 8);
      int mod = (int) unsigned(r, "cpuid_mod_id", 8);
      return ProcessorGeneration.fromCpuid(fam, mod).orElseThrow(() -> new SnpRejectedException(
          SnpError.UNSUPPORTED_PROCESSOR, String.format("CPUID family 0x%x model 0x%x", fam, mod)));
    }
    for (String t : TCBS) {
      if (present(required(r, t), "fmc")) {
        return ProcessorGeneration.TURIN;
      }
    }
    return ProcessorGeneration.MILAN;
  }

  private static long tcb(JsonNode t, String name, ProcessorGeneration layout)
      throws SnpRejectedException {
    if (!t.isObject()) {
      throw bad("'" + name + "' must be an object");
    }
    boolean hasFmc = present(t, "fmc");
    if (hasFmc != layout.turinTcbLayout()) {
      // The encoder would drop or invent the FMC value: it would not be covered by the signature.
      throw bad("'" + name + ".fmc' " + (hasFmc ? "given for a pre-Turin" : "missing for a Turin")
          + " report");
    }
    int fmc = hasFmc ? (int) unsigned(t, "fmc", 8) : 0;
    return TcbVersion.encode(fmc, (int) unsigned(t, "bootloader", 8), (int) unsigned(t, "tee", 8),
        (int) unsigned(t, "snp", 8), (int) unsigned(t, "microcode", 8), layout);
  }

  private static void cpuid(JsonNode r, long version, LeWriter w) throws SnpRejectedException {
    String[] names = {"cpuid_fam_id", "cpuid_mod_id", "cpuid_step"};
    for (int i = 0; i < names.length; i++) {
      if (version >= 3) {
        w.u8(0x188 + i, unsigned(r, names[i], 8));
      } else if (present(r, names[i])) {
        throw bad("'" + names[i] + "' given for a version 2 report");
      }
    }
  }

  private static void firmwareVersion(JsonNode v, String name, int off, LeWriter w)
      throws SnpRejectedException {
    if (!v.isObject()) {
      throw bad("'" + name + "' must be an object");
    }
    w.u8(off, unsigned(v, "build", 8));
    w.u8(off + 1, unsigned(v, "minor", 8));
    w.u8(off + 2, unsigned(v, "major", 8));
  }

  private static void mitigationVectors(JsonNode r, long version, LeWriter w)
      throws SnpRejectedException {
    String[] names = {"launch_mit_vector", "current_mit_vector"};
    for (int i = 0; i < names.length; i++) {
      if (version >= 5) {
        w.u64(0x1F8 + 8 * i, present(r, names[i]) ? unsigned(r, names[i], 64) : 0);
      } else if (present(r, names[i]) && unsigned(r, names[i], 64) != 0) {
        throw bad("'" + names[i] + "' given for a version " + version + " report");
      }
    }
  }

  private static List<SnpCertEntry> certChain(JsonNode chain) throws SnpRejectedException {
    if (!chain.isArray()) {
      throw bad("'cert_chain' must be an array or null");
    }
    if (chain.size() > MAX_CERTS) {
      throw bad("'cert_chain' has more than " + MAX_CERTS + " entries");
    }
    List<SnpCertEntry> out = new ArrayList<>();
    for (JsonNode e : chain) {
      if (!e.isObject()) {
        throw bad("'cert_chain' entries must be objects");
      }
      byte[] data = bytes(required(e, "data"), "data", 0, MAX_CERT_BYTES);
      out.add(entry(required(e, "cert_type"), data));
    }
    return out;
  }

  private static SnpCertEntry entry(JsonNode type, byte[] data) throws SnpRejectedException {
    if (type.isTextual()) {
      SnpCertEntry.Type t = switch (type.textValue()) {
        case "Empty" -> SnpCertEntry.Type.EMPTY;
        case "ARK" -> SnpCertEntry.Type.ARK;
        case "ASK" -> SnpCertEntry.Type.ASK;
        case "VCEK" -> SnpCertEntry.Type.VCEK;
        case "VLEK" -> SnpCertEntry.Type.VLEK;
        case "CRL" -> SnpCertEntry.Type.CRL;
        default -> throw bad("unknown cert_type '" + abbreviate(type.textValue()) + "'");
      };
      return SnpCertEntry.of(t, data);
    }
    if (type.isObject() && type.size() == 1 && type.has("OTHER") && type.get("OTHER").isTextual()
        && type.get("OTHER").textValue().length() <= 36) {
      return new SnpCertEntry(SnpCertEntry.Type.OTHER, Optional.of(type.get("OTHER").textValue()), data);
    }
    throw bad("'cert_type' must be a type name or {\"OTHER\": \"<uuid>\"}");
  }

  private static String abbreviate(String s) {
    return s.length() <= 16 ? s : s.substring(0, 16) + "...";
  }
}
